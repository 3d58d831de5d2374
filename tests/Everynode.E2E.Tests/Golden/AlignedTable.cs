using System.Text;

namespace Everynode.E2E.Tests.Golden;

/// <summary>
/// A block of lines that Go's <c>text/tabwriter</c> aligned into columns (kubectl's tables, describe's Events),
/// cut into cells at the header's column starts, so cells can be masked and the block laid out again exactly as
/// tabwriter would lay out the masked cells: every column but the last padded to
/// <c>max(minWidth, widest cell + padding)</c>, the last one left as it is.
/// </summary>
internal sealed class AlignedTable
{
    private readonly List<string[]> _rows;
    private readonly int _minWidth;
    private readonly int _padding;

    private AlignedTable(string[] headers, List<string[]> rows, int minWidth, int padding)
    {
        Headers = headers;
        _rows = rows;
        _minWidth = minWidth;
        _padding = padding;
    }

    /// <summary>The header cells, trimmed (<c>NAME</c>, <c>NODE SELECTOR</c>, <c>  Type</c> keeps its indent).</summary>
    public IReadOnlyList<string> Headers { get; }

    /// <summary>
    /// Cuts <paramref name="lines"/> (the header first) at the header's column starts: a column starts at the
    /// beginning of the line and after every run of two or more spaces in the header.
    /// </summary>
    public static AlignedTable Parse(IReadOnlyList<string> lines, int minWidth, int padding)
    {
        var starts = ColumnStarts(lines[0]);
        var rows = lines.Select(line => Cut(line, starts)).ToList();
        return new AlignedTable([.. rows[0].Select(c => c.TrimEnd())], rows, minWidth, padding);
    }

    /// <summary>Replaces every cell of the columns whose header satisfies <paramref name="column"/> (the header row excluded).</summary>
    public void MapCells(Func<string, bool> column, Func<string, string> map)
    {
        for (var j = 0; j < Headers.Count; j++)
        {
            if (!column(Headers[j].Trim()))
            {
                continue;
            }

            foreach (var row in _rows.Skip(1))
            {
                row[j] = map(row[j]);
            }
        }
    }

    /// <summary>The lines as tabwriter lays them out.</summary>
    public IEnumerable<string> Render()
    {
        var last = Headers.Count - 1;
        var widths = Enumerable.Range(0, last).Select(j => Math.Max(_minWidth, _rows.Max(r => r[j].Length) + _padding)).ToArray();
        foreach (var row in _rows)
        {
            var line = new StringBuilder();
            for (var j = 0; j < last; j++)
            {
                line.Append(row[j].PadRight(widths[j]));
            }

            yield return line.Append(row[last]).ToString();
        }
    }

    private static List<int> ColumnStarts(string header)
    {
        List<int> starts = [0];
        for (var i = 2; i < header.Length; i++)
        {
            if (header[i] != ' ' && header[i - 1] == ' ' && header[i - 2] == ' ' && i > FirstNonSpace(header))
            {
                starts.Add(i);
            }
        }

        return starts;
    }

    private static int FirstNonSpace(string text) => text.Length - text.TrimStart(' ').Length;

    private static string[] Cut(string line, List<int> starts)
    {
        var cells = new string[starts.Count];
        for (var j = 0; j < starts.Count; j++)
        {
            var from = Math.Min(starts[j], line.Length);
            var to = j + 1 < starts.Count ? Math.Min(starts[j + 1], line.Length) : line.Length;
            cells[j] = j + 1 < starts.Count ? line[from..to].TrimEnd() : line[from..to];
        }

        return cells;
    }
}
