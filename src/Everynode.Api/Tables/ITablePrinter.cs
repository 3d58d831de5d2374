using k8s;
using k8s.Models;

namespace Everynode.Api.Tables;

/// <summary>
/// Turns objects of one kind into table rows the way upstream's <c>pkg/printers/internalversion</c> does.
/// Pure: the current time is a parameter.
/// </summary>
public interface ITablePrinter
{
    IReadOnlyList<TableColumn> Columns { get; }

    /// <summary>The row of one object; <paramref name="now"/> is UTC and drives every age cell.</summary>
    TableRow Print(IKubernetesObject<V1ObjectMeta> obj, DateTime now);
}
