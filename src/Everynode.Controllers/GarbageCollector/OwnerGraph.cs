using Everynode.Client.Informers;
using k8s.Models;

namespace Everynode.Controllers.GarbageCollector;

/// <summary>
/// Upstream's dependency graph, read straight from the informers' caches: owners are found by their UID, dependents
/// by the UIDs their ownerReferences name. Nothing here is copied or kept apart from the caches, so the graph is
/// exactly as fresh (and as stale) as the informers.
/// </summary>
internal sealed class OwnerGraph
{
    private readonly Dictionary<(string Group, string Kind), IGcResource> _byGroupKind = [];
    private readonly Dictionary<string, IGcResource> _byKind = new(StringComparer.Ordinal);

    public OwnerGraph(IEnumerable<IGcResource> resources)
    {
        ArgumentNullException.ThrowIfNull(resources);
        foreach (var r in resources)
        {
            _byGroupKind.Add((r.Type.Group, r.Type.Kind), r);
            _byKind.Add(r.Type.Kind, r);
        }
    }

    public IEnumerable<IGcResource> Resources => _byKind.Values;

    /// <summary>The resources served here that can own or depend: pods, nodes, namespaces, DaemonSets, Deployments, ReplicaSets, ControllerRevisions, leases.</summary>
    public static OwnerGraph From(SharedInformers informers)
    {
        ArgumentNullException.ThrowIfNull(informers);
        return new OwnerGraph([
            new GcResource<V1Pod>(GcResourceType.Pod, informers.Pods),
            new GcResource<V1Node>(GcResourceType.Node, informers.Nodes),
            new GcResource<V1Namespace>(GcResourceType.Namespace, informers.Namespaces),
            new GcResource<V1DaemonSet>(GcResourceType.DaemonSet, informers.DaemonSets),
            new GcResource<V1Deployment>(GcResourceType.Deployment, informers.Deployments),
            new GcResource<V1ReplicaSet>(GcResourceType.ReplicaSet, informers.ReplicaSets),
            new GcResource<V1ControllerRevision>(GcResourceType.ControllerRevision, informers.ControllerRevisions),
            new GcResource<V1Lease>(GcResourceType.Lease, informers.Leases),
        ]);
    }

    public IGcResource ForKind(string kind) =>
        _byKind.TryGetValue(kind, out var r) ? r : throw new ArgumentException($"the garbage collector does not track kind '{kind}'", nameof(kind));

    /// <summary>The resource an ownerReference points at, or null if it is not one served here.</summary>
    public IGcResource? ForReference(V1OwnerReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return _byGroupKind.GetValueOrDefault((GcResourceType.GroupOf(reference.ApiVersion), reference.Kind ?? ""));
    }

    /// <summary>The cached object with this UID, whatever its resource.</summary>
    public GcItem? FindByUid(string uid)
    {
        foreach (var r in _byKind.Values)
        {
            if (r.ByUid(uid) is { } obj)
            {
                return new GcItem(r.Type, obj);
            }
        }

        return null;
    }

    /// <summary>Every cached object with an ownerReference to <paramref name="ownerUid"/>.</summary>
    public IEnumerable<GcItem> Dependents(string ownerUid)
    {
        foreach (var r in _byKind.Values)
        {
            foreach (var obj in r.ByOwnerUid(ownerUid))
            {
                yield return new GcItem(r.Type, obj);
            }
        }
    }
}
