using System.Collections.Concurrent;
using Everynode.Client.Informers;
using Everynode.Controllers.PodGC;
using k8s.Models;

namespace Everynode.Controllers.Tests.PodGC;

/// <summary>Live nodes to check, and the pod garbage collector's writes, one line each.</summary>
internal sealed class FakePodGcControl : IPodGcControl
{
    private readonly ConcurrentQueue<string> _writes = new();

    public HashSet<string> LiveNodes { get; } = new(StringComparer.Ordinal);

    public List<string> NodeReads { get; } = [];

    public IReadOnlyList<string> Writes => [.. _writes];

    public Task<bool> NodeExistsAsync(string name, CancellationToken ct)
    {
        NodeReads.Add(name);
        return Task.FromResult(LiveNodes.Contains(name));
    }

    public Task MarkFailedAsync(V1Pod pod, V1PodCondition? condition, CancellationToken ct)
    {
        _writes.Enqueue($"fail {CacheKeys.For(pod)}" + (condition is null ? "" : $" {condition.Type}/{condition.Reason}"));
        return Task.CompletedTask;
    }

    public Task ForceDeleteAsync(V1Pod pod, CancellationToken ct)
    {
        _writes.Enqueue($"delete {CacheKeys.For(pod)}");
        return Task.CompletedTask;
    }
}
