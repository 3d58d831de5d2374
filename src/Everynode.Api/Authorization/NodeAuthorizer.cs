namespace Everynode.Api.Authorization;

/// <summary>
/// Upstream's Node authorizer, for the resources Everynode serves: what a node agent may do at all. Which object
/// it may do it to (its own Node and Lease, pods bound to it, mirror pods) is NodeRestriction's part, which sees
/// the objects. Secrets and everything not listed here get no opinion, which RBAC turns into a 403.
/// Invariants: a node never gets a write outside nodes, nodes/status, pods (create/delete), pods/status,
/// pods/eviction, events and leases in kube-node-lease.
/// </summary>
public static class NodeAuthorizer
{
    public const string NodeLeaseNamespace = "kube-node-lease";

    private static readonly string[] Read = ["get", "list", "watch"];

    public static AuthorizationDecision Authorize(RequestAttributes a)
    {
        var node = NodeIdentity.NodeName(a.User, a.Groups);
        if (node is null || !a.IsResourceRequest)
        {
            return AuthorizationDecision.NoOpinion();
        }

        var allowed = (a.ApiGroup, a.Resource, a.Subresource) switch
        {
            ("", "nodes", "") => Is(a, "get", "list", "watch", "create", "update", "patch", "delete"),
            ("", "nodes", "status") => Is(a, "get", "update", "patch"),
            ("", "pods", "") => Is(a, "get", "list", "watch", "create", "delete"),
            ("", "pods", "status") => Is(a, "get", "update", "patch"),
            ("", "pods", "eviction") => Is(a, "create"),
            ("", "services" or "endpoints" or "namespaces", "") => Read.Contains(a.Verb),
            ("", "events", "") or ("events.k8s.io", "events", "") => Is(a, "create", "update", "patch"),
            ("coordination.k8s.io", "leases", "") => a.Namespace == NodeLeaseNamespace && Is(a, "get", "create", "update", "patch", "delete"),
            _ => false,
        };
        if (allowed)
        {
            return AuthorizationDecision.Allow;
        }

        // As upstream: objects a node could reach through its pods get the graph's answer; the rest is RBAC's.
        return a.ApiGroup.Length == 0 && a.Resource is "secrets" or "configmaps" or "persistentvolumeclaims" or "persistentvolumes"
            ? AuthorizationDecision.NoOpinion($"no relationship found between node '{node}' and this object")
            : AuthorizationDecision.NoOpinion();
    }

    private static bool Is(RequestAttributes a, params string[] verbs) => verbs.Contains(a.Verb);
}
