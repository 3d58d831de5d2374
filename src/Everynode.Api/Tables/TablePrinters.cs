namespace Everynode.Api.Tables;

/// <summary>The printer of each served kind, keyed by API group and kind; anything else gets the default table.</summary>
public static class TablePrinters
{
    private static readonly Dictionary<(string Group, string Kind), ITablePrinter> ByKind = new()
    {
        [("", "Namespace")] = new NamespacePrinter(),
        [("", "Node")] = new NodePrinter(),
        [("", "Pod")] = new PodPrinter(),
        [("", "Event")] = new EventPrinter(),
        [("apps", "DaemonSet")] = new DaemonSetPrinter(),
        [("apps", "ControllerRevision")] = new ControllerRevisionPrinter(),
        [("apps", "Deployment")] = new DeploymentPrinter(),
        [("apps", "ReplicaSet")] = new ReplicaSetPrinter(),
        [("coordination.k8s.io", "Lease")] = new LeasePrinter(),
        [("policy", "PodDisruptionBudget")] = new PodDisruptionBudgets.PodDisruptionBudgetPrinter(),
        [("", "Secret")] = new Secrets.SecretPrinter(),
        [("", "ConfigMap")] = new ConfigMaps.ConfigMapPrinter(),
        [("rbac.authorization.k8s.io", "Role")] = new Rbac.RolePrinter(),
        [("rbac.authorization.k8s.io", "ClusterRole")] = new Rbac.ClusterRolePrinter(),
        [("rbac.authorization.k8s.io", "RoleBinding")] = new Rbac.RoleBindingPrinter(),
        [("rbac.authorization.k8s.io", "ClusterRoleBinding")] = new Rbac.ClusterRoleBindingPrinter(),
    };

    public static ITablePrinter Default { get; } = new DefaultPrinter();

    public static ITablePrinter For(string group, string kind) => ByKind.GetValueOrDefault((group, kind), Default);
}
