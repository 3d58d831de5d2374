using System.Globalization;
using k8s;
using k8s.Models;

namespace Everynode.Api.Tables;

/// <summary>
/// The generic server's table for kinds without a printer (upstream's default table convertor): the name and
/// the creation time as RFC 3339 (<c>CREATED AT</c>).
/// </summary>
public sealed class DefaultPrinter : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.ObjectName(),
        new("Created At", "date", "", ColumnDescriptions.CreationTimestamp, 0),
    ];

    public TableRow Print(IKubernetesObject<V1ObjectMeta> obj, DateTime now)
    {
        var created = obj.Metadata?.CreationTimestamp is { } t && t != default
            ? DateTime.SpecifyKind(t, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : "";
        return new TableRow(obj.Metadata?.Name ?? "", created);
    }
}
