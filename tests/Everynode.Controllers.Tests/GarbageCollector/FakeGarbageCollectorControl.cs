using Everynode.Client.Informers;
using Everynode.Controllers.GarbageCollector;
using k8s.Models;

namespace Everynode.Controllers.Tests.GarbageCollector;

/// <summary>The API as the garbage collector sees it: live objects to read, and every write recorded as one line.</summary>
internal sealed class FakeGarbageCollectorControl : IGarbageCollectorControl
{
    private readonly Dictionary<string, V1ObjectMeta> _live = new(StringComparer.Ordinal);

    public List<string> Writes { get; } = [];

    public List<string> Reads { get; } = [];

    public void SetLive(GcResourceType type, V1ObjectMeta meta) => _live[Key(type, meta.NamespaceProperty, meta.Name)] = meta;

    public void RemoveLive(GcResourceType type, string? ns, string name) => _live.Remove(Key(type, ns, name));

    public Task<V1ObjectMeta?> GetMetadataAsync(GcResourceType type, string? ns, string name, CancellationToken ct)
    {
        var key = Key(type, ns, name);
        Reads.Add(key);
        return Task.FromResult(_live.GetValueOrDefault(key));
    }

    public Task<WriteOutcome> DeleteAsync(GcResourceType type, string? ns, string name, string uid, string propagationPolicy, CancellationToken ct)
    {
        Writes.Add($"delete {Key(type, ns, name)} {propagationPolicy}");
        return Task.FromResult(WriteOutcome.Done);
    }

    public Task<WriteOutcome> PatchAsync(GcResourceType type, string? ns, string name, V1Patch.PatchType patchType, string body, CancellationToken ct)
    {
        Writes.Add($"patch {Key(type, ns, name)} {patchType} {body}");
        return Task.FromResult(WriteOutcome.Done);
    }

    private static string Key(GcResourceType type, string? ns, string name) => type.Kind + " " + CacheKeys.For(ns, name);
}
