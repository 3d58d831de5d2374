using k8s.Models;

namespace Everynode.Api.Authorization;

/// <summary>
/// The ClusterRoles and ClusterRoleBindings every cluster starts with (upstream's bootstrap policy, for the
/// resources a cluster serves): cluster-admin bound to system:masters; the user-facing admin, edit and view, which
/// aggregate the <c>system:aggregate-to-*</c> roles by label; discovery and self-review rights for every
/// authenticated user. The server creates those that are missing at start and never overwrites a changed one.
/// </summary>
public static class BootstrapPolicy
{
    public const string AggregateToAdmin = "rbac.authorization.k8s.io/aggregate-to-admin";
    public const string AggregateToEdit = "rbac.authorization.k8s.io/aggregate-to-edit";
    public const string AggregateToView = "rbac.authorization.k8s.io/aggregate-to-view";
    public const string MastersGroup = "system:masters";
    public const string AuthenticatedGroup = "system:authenticated";

    private static readonly string[] Read = ["get", "list", "watch"];
    private static readonly string[] Write = ["create", "delete", "deletecollection", "patch", "update"];
    private static readonly string[] ReadWrite = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    /// <summary>Fresh objects on every call: the caller may change them.</summary>
    public static IReadOnlyList<V1ClusterRole> ClusterRoles() =>
    [
        Role("cluster-admin", null, [Rule(["*"], ["*"], ["*"]), NonResource(["*"], ["*"])]),
        Aggregated("admin", AggregateToAdmin),
        Aggregated("edit", AggregateToEdit, (AggregateToAdmin, "true")),
        Aggregated("view", AggregateToView, (AggregateToEdit, "true"), (AggregateToAdmin, "true")),
        Role("system:aggregate-to-admin", (AggregateToAdmin, "true"),
        [
            Rule(["create"], ["authorization.k8s.io"], ["localsubjectaccessreviews"]),
            Rule(ReadWrite, ["rbac.authorization.k8s.io"], ["rolebindings", "roles"]),
        ]),
        Role("system:aggregate-to-edit", (AggregateToEdit, "true"),
        [
            Rule(Read, [""], ["pods/attach", "pods/exec", "pods/portforward", "pods/proxy", "secrets", "services/proxy"]),
            Rule(["impersonate"], [""], ["serviceaccounts"]),
            Rule(Write, [""], ["pods", "pods/attach", "pods/exec", "pods/portforward", "pods/proxy"]),
            Rule(["create"], [""], ["pods/eviction"]),
            Rule(Write, [""], ["configmaps", "events", "persistentvolumeclaims", "replicationcontrollers", "replicationcontrollers/scale", "secrets", "serviceaccounts", "services", "services/proxy"]),
            Rule(Write, ["apps"], ["daemonsets", "deployments", "deployments/rollback", "deployments/scale", "replicasets", "replicasets/scale", "statefulsets", "statefulsets/scale"]),
            Rule(Write, ["policy"], ["poddisruptionbudgets"]),
        ]),
        Role("system:aggregate-to-view", (AggregateToView, "true"),
        [
            Rule(Read, [""], ["configmaps", "endpoints", "persistentvolumeclaims", "persistentvolumeclaims/status", "pods", "replicationcontrollers", "replicationcontrollers/scale", "serviceaccounts", "services", "services/status"]),
            Rule(Read, [""], ["bindings", "events", "limitranges", "namespaces/status", "pods/log", "pods/status", "replicationcontrollers/status", "resourcequotas", "resourcequotas/status"]),
            Rule(Read, [""], ["namespaces"]),
            Rule(Read, ["apps"], ["controllerrevisions", "daemonsets", "daemonsets/status", "deployments", "deployments/scale", "deployments/status", "replicasets", "replicasets/scale", "replicasets/status", "statefulsets", "statefulsets/scale", "statefulsets/status"]),
            Rule(Read, ["policy"], ["poddisruptionbudgets", "poddisruptionbudgets/status"]),
        ]),
        Role("system:basic-user", null,
        [
            Rule(["create"], ["authentication.k8s.io"], ["selfsubjectreviews"]),
            Rule(["create"], ["authorization.k8s.io"], ["selfsubjectaccessreviews", "selfsubjectrulesreviews"]),
        ]),
        Role("system:discovery", null,
        [
            NonResource(["get"], ["/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz", "/version", "/version/"]),
        ]),
        Role("system:public-info-viewer", null, [NonResource(["get"], ["/healthz", "/livez", "/readyz", "/version", "/version/"])]),
    ];

    public static IReadOnlyList<V1ClusterRoleBinding> ClusterRoleBindings() =>
    [
        Binding("cluster-admin", "cluster-admin", MastersGroup),
        Binding("system:basic-user", "system:basic-user", AuthenticatedGroup),
        Binding("system:discovery", "system:discovery", AuthenticatedGroup),
        Binding("system:public-info-viewer", "system:public-info-viewer", AuthenticatedGroup, "system:unauthenticated"),
    ];

    private static V1PolicyRule Rule(string[] verbs, string[] groups, string[] resources) =>
        new() { Verbs = verbs, ApiGroups = groups, Resources = resources };

    private static V1PolicyRule NonResource(string[] verbs, string[] urls) => new() { Verbs = verbs, NonResourceURLs = urls };

    private static V1ObjectMeta Meta(string name, params (string Key, string Value)[] labels)
    {
        var all = new Dictionary<string, string>(StringComparer.Ordinal) { ["kubernetes.io/bootstrapping"] = "rbac-defaults" };
        foreach (var (k, v) in labels)
        {
            all[k] = v;
        }

        return new V1ObjectMeta
        {
            Name = name,
            Labels = all,
            Annotations = new Dictionary<string, string>(StringComparer.Ordinal) { ["rbac.authorization.kubernetes.io/autoupdate"] = "true" },
        };
    }

    private static V1ClusterRole Role(string name, (string Key, string Value)? label, V1PolicyRule[] rules) => new()
    {
        ApiVersion = "rbac.authorization.k8s.io/v1",
        Kind = "ClusterRole",
        Metadata = label is { } l ? Meta(name, l) : Meta(name),
        Rules = rules,
    };

    private static V1ClusterRole Aggregated(string name, string selectorLabel, params (string Key, string Value)[] labels) => new()
    {
        ApiVersion = "rbac.authorization.k8s.io/v1",
        Kind = "ClusterRole",
        Metadata = Meta(name, labels),
        AggregationRule = new V1AggregationRule
        {
            ClusterRoleSelectors = [new V1LabelSelector { MatchLabels = new Dictionary<string, string> { [selectorLabel] = "true" } }],
        },
        Rules = [],
    };

    private static V1ClusterRoleBinding Binding(string name, string role, params string[] groups) => new()
    {
        ApiVersion = "rbac.authorization.k8s.io/v1",
        Kind = "ClusterRoleBinding",
        Metadata = Meta(name),
        RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = role },
        Subjects = [.. groups.Select(g => new Rbacv1Subject { ApiGroup = "rbac.authorization.k8s.io", Kind = "Group", Name = g })],
    };
}
