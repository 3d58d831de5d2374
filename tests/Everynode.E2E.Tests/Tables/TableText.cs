using System.Text.RegularExpressions;

namespace Everynode.E2E.Tests.Tables;

/// <summary>
/// kubectl's column output in a form tests can compare: each line's columns (kubectl pads them with at least
/// three spaces; cells hold at most single spaces) joined with " | ", and every age cell (<c>5s</c>, <c>2m30s</c>,
/// <c>3h5m</c>, ...) masked as <c>&lt;age&gt;</c>.
/// </summary>
internal static partial class TableText
{
    public static string Normalize(string stdout) => string.Join("\n", stdout.TrimEnd().Split('\n').Select(NormalizeLine));

    private static string NormalizeLine(string line)
    {
        var cells = ColumnGap().Split(line.TrimEnd()).Select(c => Age().IsMatch(c) ? "<age>" : c);
        return string.Join(" | ", cells);
    }

    [GeneratedRegex(@"\s{2,}")]
    private static partial Regex ColumnGap();

    [GeneratedRegex(@"^[0-9]+[smhdy]([0-9]+[smhd])?$")]
    private static partial Regex Age();
}
