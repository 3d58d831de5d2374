using System.Globalization;
using Everynode.Api.Tables;
using k8s.Models;

namespace Everynode.Api.Rbac;

/// <summary>Upstream prints roles as <c>NAME CREATED AT</c> (an RFC 3339 time, not an age).</summary>
public sealed class RolePrinter : TablePrinter<V1Role>
{
    public override IReadOnlyList<TableColumn> Columns => RoleColumns.Columns;

    protected override TableRow Print(V1Role role, DateTime now) => RoleColumns.Row(role.Metadata);
}

/// <summary>ClusterRoles print like Roles.</summary>
public sealed class ClusterRolePrinter : TablePrinter<V1ClusterRole>
{
    public override IReadOnlyList<TableColumn> Columns => RoleColumns.Columns;

    protected override TableRow Print(V1ClusterRole role, DateTime now) => RoleColumns.Row(role.Metadata);
}

internal static class RoleColumns
{
    public static IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.ObjectName(),
        new TableColumn("Created At", "date", "", "Time at which the object was created", 0),
    ];

    public static TableRow Row(V1ObjectMeta? meta) => new(
        meta?.Name ?? "",
        meta?.CreationTimestamp is { } created ? created.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "");
}
