using Everynode.Api.Tables;
using k8s.Models;

namespace Everynode.Api.Rbac;

/// <summary><c>NAME ROLE AGE</c>, and with <c>-o wide</c> the users, groups and service accounts bound.</summary>
public sealed class RoleBindingPrinter : TablePrinter<V1RoleBinding>
{
    public override IReadOnlyList<TableColumn> Columns => BindingColumns.Columns;

    protected override TableRow Print(V1RoleBinding b, DateTime now) => BindingColumns.Row(b.Metadata, b.RoleRef, b.Subjects, now);
}

/// <summary>ClusterRoleBindings print like RoleBindings.</summary>
public sealed class ClusterRoleBindingPrinter : TablePrinter<V1ClusterRoleBinding>
{
    public override IReadOnlyList<TableColumn> Columns => BindingColumns.Columns;

    protected override TableRow Print(V1ClusterRoleBinding b, DateTime now) => BindingColumns.Row(b.Metadata, b.RoleRef, b.Subjects, now);
}

internal static class BindingColumns
{
    public static IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.ObjectName(),
        TableColumn.Text("Role", "RoleRef is the reference to the role the binding grants"),
        TableColumn.Age(),
        TableColumn.Text("Users", "Users in the binding", 1),
        TableColumn.Text("Groups", "Groups in the binding", 1),
        TableColumn.Text("ServiceAccounts", "ServiceAccounts in the binding", 1),
    ];

    public static TableRow Row(V1ObjectMeta? meta, V1RoleRef? roleRef, IList<Rbacv1Subject>? subjects, DateTime now)
    {
        var all = subjects ?? [];
        string Join(string kind) => string.Join(", ", all.Where(s => s.Kind == kind).Select(s => s.Name));
        var serviceAccounts = string.Join(", ", all.Where(s => s.Kind == "ServiceAccount").Select(s => $"{s.NamespaceProperty}/{s.Name}"));
        return new TableRow(
            meta?.Name ?? "",
            roleRef is null ? "" : $"{roleRef.Kind}/{roleRef.Name}",
            HumanDuration.Since(meta?.CreationTimestamp, now),
            Join("User"),
            Join("Group"),
            serviceAccounts);
    }
}
