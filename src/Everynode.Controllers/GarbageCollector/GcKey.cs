using Everynode.Client.Informers;

namespace Everynode.Controllers.GarbageCollector;

/// <summary>
/// Work-queue keys. Upstream has two queues, attemptToDelete and attemptToOrphan; here one queue carries both,
/// told apart by a prefix: <c>delete:Pod:ns/name</c>, <c>orphan:DaemonSet:ns/name</c>.
/// </summary>
internal readonly record struct GcKey(bool Orphan, string Kind, string? Namespace, string Name)
{
    private const string DeletePrefix = "delete";
    private const string OrphanPrefix = "orphan";

    public static string AttemptToDelete(GcResourceType type, string? ns, string name) =>
        $"{DeletePrefix}:{type.Kind}:{CacheKeys.For(ns, name)}";

    public static string AttemptToOrphan(GcResourceType type, string? ns, string name) =>
        $"{OrphanPrefix}:{type.Kind}:{CacheKeys.For(ns, name)}";

    public static GcKey Parse(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var parts = key.Split(':', 3);
        if (parts.Length != 3 || parts[0] is not (DeletePrefix or OrphanPrefix))
        {
            throw new FormatException($"not a garbage collector key: '{key}'");
        }

        var (ns, name) = CacheKeys.Split(parts[2]);
        return new GcKey(parts[0] == OrphanPrefix, parts[1], ns, name);
    }
}
