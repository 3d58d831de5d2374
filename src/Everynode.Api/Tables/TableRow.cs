namespace Everynode.Api.Tables;

/// <summary>
/// The cells of one object's row, one per column of its printer (always all columns, as the real server builds
/// rows with <c>Wide: true</c>). A cell is a <see cref="string"/> or a <see cref="long"/>.
/// </summary>
public sealed record TableRow(IReadOnlyList<object> Cells, IReadOnlyList<TableRowCondition> Conditions)
{
    public TableRow(params object[] cells)
        : this(cells, [])
    {
    }
}
