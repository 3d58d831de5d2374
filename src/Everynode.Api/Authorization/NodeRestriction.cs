using k8s.Models;

namespace Everynode.Api.Authorization;

/// <summary>
/// Upstream's NodeRestriction admission plugin, as pure checks: a node may change only its own Node (never its
/// taints, and labels only within what the kubelet may set), its own Lease, the status of pods bound to it, and
/// create or delete only mirror pods / pods bound to it. Each check returns null when allowed, otherwise the
/// reason for the 403 (upstream's text).
/// </summary>
public static class NodeRestriction
{
    public const string MirrorPodAnnotation = "kubernetes.io/config.mirror";

    private static readonly HashSet<string> KubeletLabels = new(StringComparer.Ordinal)
    {
        "kubernetes.io/hostname", "kubernetes.io/arch", "kubernetes.io/os",
        "beta.kubernetes.io/instance-type", "node.kubernetes.io/instance-type",
        "failure-domain.beta.kubernetes.io/region", "failure-domain.beta.kubernetes.io/zone",
        "topology.kubernetes.io/region", "topology.kubernetes.io/zone",
        "beta.kubernetes.io/arch", "beta.kubernetes.io/os",
    };

    private static readonly string[] KubeletLabelNamespaces = ["kubelet.kubernetes.io", "node.kubernetes.io"];

    public static string? NodeCreate(string node, V1Node obj)
    {
        if (obj.Metadata?.Name != node)
        {
            return $"node \"{node}\" is not allowed to modify node \"{obj.Metadata?.Name}\"";
        }

        var forbidden = ForbiddenLabels(obj.Metadata.Labels?.Keys ?? []);
        return forbidden.Count > 0 ? $"node \"{node}\" is not allowed to set the following labels: {string.Join(", ", forbidden)}" : null;
    }

    /// <summary>A write to a Node (main resource or status) named <paramref name="target"/>.</summary>
    public static string? NodeTarget(string node, string target) =>
        target == node ? null : $"node \"{node}\" is not allowed to modify node \"{target}\"";

    /// <summary>An update of the node's own Node: taints are the control plane's, and labels only the kubelet's own.</summary>
    public static string? NodeUpdate(string node, V1Node obj, V1Node old)
    {
        if (!SameTaints(obj.Spec?.Taints, old.Spec?.Taints))
        {
            return $"node \"{node}\" is not allowed to modify taints";
        }

        var newLabels = obj.Metadata?.Labels ?? new Dictionary<string, string>();
        var oldLabels = old.Metadata?.Labels ?? new Dictionary<string, string>();
        var modified = newLabels.Keys.Union(oldLabels.Keys)
            .Where(k => !newLabels.TryGetValue(k, out var v) || !oldLabels.TryGetValue(k, out var o) || v != o);
        var forbidden = ForbiddenLabels(modified);
        return forbidden.Count > 0 ? $"is not allowed to modify labels: {string.Join(", ", forbidden)}" : null;
    }

    public static string? MirrorPodCreate(string node, V1Pod pod)
    {
        if (pod.Metadata?.Annotations?.ContainsKey(MirrorPodAnnotation) != true)
        {
            return $"pod does not have \"{MirrorPodAnnotation}\" annotation, node \"{node}\" can only create mirror pods";
        }

        if (pod.Spec?.NodeName != node)
        {
            return $"node \"{node}\" can only create pods with spec.nodeName set to itself";
        }

        if (pod.Metadata.OwnerReferences is { Count: > 0 } owners
            && owners.Any(o => o.ApiVersion != "v1" || o.Kind != "Node" || o.Name != node))
        {
            return $"node \"{node}\" can only create pods with an owner reference set to itself";
        }

        return null;
    }

    /// <summary>Status updates, deletes and evictions: only of pods bound to the node.</summary>
    public static string? BoundPod(string node, V1Pod existing, string action) =>
        existing.Spec?.NodeName == node ? null : $"node \"{node}\" can only {action} pods with spec.nodeName set to itself";

    public static string? Lease(string node, string ns, string name)
    {
        if (ns != NodeAuthorizer.NodeLeaseNamespace)
        {
            return $"can only access leases in the \"{NodeAuthorizer.NodeLeaseNamespace}\" namespace";
        }

        return name == node ? null : "can only access node lease with the same name as the requesting node";
    }

    /// <summary>Labels a node may not set: node-restriction.kubernetes.io/*, and kubernetes.io / k8s.io labels the kubelet does not own.</summary>
    public static List<string> ForbiddenLabels(IEnumerable<string> keys) =>
        [.. keys.Where(IsForbidden).Order(StringComparer.Ordinal)];

    private static bool IsForbidden(string key)
    {
        var ns = LabelNamespace(key);
        if (InNamespace(ns, "node-restriction.kubernetes.io"))
        {
            return true;
        }

        var kubernetes = InNamespace(ns, "kubernetes.io") || InNamespace(ns, "k8s.io");
        return kubernetes && !IsKubeletLabel(key, ns);
    }

    private static bool IsKubeletLabel(string key, string ns) =>
        KubeletLabels.Contains(key) || KubeletLabelNamespaces.Any(allowed => InNamespace(ns, allowed));

    private static bool InNamespace(string ns, string domain) =>
        ns == domain || ns.EndsWith("." + domain, StringComparison.Ordinal);

    private static string LabelNamespace(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? "" : key[..slash];
    }

    private static bool SameTaints(IList<V1Taint>? a, IList<V1Taint>? b)
    {
        a ??= [];
        b ??= [];
        return a.Count == b.Count && a.Zip(b).All(p => p.First.Key == p.Second.Key && p.First.Value == p.Second.Value
            && p.First.Effect == p.Second.Effect && p.First.TimeAdded == p.Second.TimeAdded);
    }
}
