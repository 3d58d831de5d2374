using System.Text.RegularExpressions;

namespace Everynode.E2E.Tests.Golden;

/// <summary>
/// What changes from run to run in kubectl's output, replaced by fixed text so the output can be compared with a
/// golden file. Masks keep the length of what they replace wherever it sits inside an aligned column (uids,
/// timestamps, generated name suffixes, the client suffix); ages change length, so tables holding them are laid out
/// again after masking, as kubectl's tabwriter would lay out the masked cells.
/// </summary>
internal static partial class GoldenMask
{
    /// <summary>The placeholder for the client's minor version in names (<c>get-k27</c> is <c>get-kXX</c>).</summary>
    public const string ClientSuffix = "kXX";

    public const string Uid = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
    public const string Timestamp = "YYYY-MM-DDThh:mm:ssZ";
    public const string DescribeTime = "Www, DD Mmm YYYY hh:mm:ss +0000";
    public const string Age = "<age>";

    private static readonly HashSet<string> AgeColumns = new(StringComparer.Ordinal) { "AGE", "LAST SEEN", "FIRST SEEN", "Age" };

    /// <summary>The client suffix for kubectl 1.<paramref name="minor"/>: <c>k27</c> … <c>k33</c>, as long as <see cref="ClientSuffix"/>.</summary>
    public static string SuffixFor(int minor) => $"k{minor}";

    public static string Apply(string text)
    {
        text = ClientSuffixPattern().Replace(text, ClientSuffix);
        text = UidPattern().Replace(text, Uid);
        text = TimestampPattern().Replace(text, Timestamp);
        text = DescribeTimePattern().Replace(text, DescribeTime);
        text = ResourceVersionPattern().Replace(text, "${key}\"<rv>\"");
        text = GeneratedNamePattern().Replace(text, "xxxxx");
        text = EventNamePattern().Replace(text, "${name}.xxxxxxxxxxxxxxxx");
        return MaskAgesInTables(text);
    }

    /// <summary>Masks the ages inside one cell: <c>5m3s</c> and <c>3s (x2 over 10s)</c> become <c>&lt;age&gt;</c> and <c>&lt;age&gt; (x2 over &lt;age&gt;)</c>.</summary>
    public static string MaskAges(string cell) => DurationPattern().Replace(cell, Age);

    private static string MaskAgesInTables(string text)
    {
        var lines = text.Split('\n');
        var output = new List<string>(lines.Length);
        var i = 0;
        while (i < lines.Length)
        {
            if (DescribeNodePodsHeader().IsMatch(lines[i]))
            {
                // describe node's pods table shares its first column with the lines above it; Age is its last
                // column, so masking it changes no alignment.
                output.Add(lines[i++]);
                for (; i < lines.Length && lines[i].StartsWith("  ", StringComparison.Ordinal); i++)
                {
                    output.Add(TrailingAge().Replace(lines[i], Age));
                }

                continue;
            }

            var layout = TableLayout(lines, i);
            if (layout is not { } found)
            {
                output.Add(lines[i++]);
                continue;
            }

            var end = i + 1;
            while (end < lines.Length && lines[end].Trim().Length > 0 && lines[end].StartsWith(found.Indent, StringComparison.Ordinal))
            {
                end++;
            }

            var table = AlignedTable.Parse(lines[i..end], found.MinWidth, found.Padding);
            table.MapCells(AgeColumns.Contains, MaskAges);
            output.AddRange(table.Render());
            i = end;
        }

        return string.Join('\n', output);
    }

    /// <summary>
    /// kubectl's tables (upper-case headers, tabwriter min width 6, padding 3) and describe's Events table
    /// (<c>  Type  Reason  Age  From  Message</c>, min width 0, padding 2) start at line <paramref name="i"/>, or neither does.
    /// </summary>
    private static (int MinWidth, int Padding, string Indent)? TableLayout(string[] lines, int i)
    {
        if (KubectlTableHeader().IsMatch(lines[i]))
        {
            return (6, 3, "");
        }

        return DescribeEventsHeader().IsMatch(lines[i]) ? (0, 2, "  ") : null;
    }

    [GeneratedRegex(@"(?<=-)k(2[7-9]|3[0-3])(?![0-9A-Za-z])")]
    private static partial Regex ClientSuffixPattern();

    [GeneratedRegex(@"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b")]
    private static partial Regex UidPattern();

    [GeneratedRegex(@"\b[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z")]
    private static partial Regex TimestampPattern();

    [GeneratedRegex(@"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-9]{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} [+-][0-9]{4}")]
    private static partial Regex DescribeTimePattern();

    [GeneratedRegex(@"(?<key>resourceVersion""?:\s*)""[0-9]+""")]
    private static partial Regex ResourceVersionPattern();

    /// <summary>The five characters of <c>generateName</c> (upstream's alphabet: no vowels, no 0, 1, 3) after a name and a dash.</summary>
    [GeneratedRegex(@"(?<=[a-z0-9]-)[bcdfghjklmnpqrstvwxz2456789]{5}(?![A-Za-z0-9-])")]
    private static partial Regex GeneratedNamePattern();

    /// <summary>Event names: the involved object's name, a dot and the creation time in hex nanoseconds.</summary>
    [GeneratedRegex(@"(?<name>[a-z0-9-]+)\.[0-9a-f]{16}\b")]
    private static partial Regex EventNamePattern();

    [GeneratedRegex(@"(?<![A-Za-z0-9<])([0-9]+[smhdy])+(?![A-Za-z0-9])")]
    private static partial Regex DurationPattern();

    [GeneratedRegex(@"^[A-Z][A-Z0-9()._/:-]*( {1,2}[A-Z0-9()._/:-]+)* {3,}[A-Z][A-Z0-9 ()._/:-]*$")]
    private static partial Regex KubectlTableHeader();

    [GeneratedRegex(@"^  Namespace +Name +CPU Requests +CPU Limits +Memory Requests +Memory Limits +Age$")]
    private static partial Regex DescribeNodePodsHeader();

    [GeneratedRegex(@"(?<= )([0-9]+[smhdy])+$")]
    private static partial Regex TrailingAge();

    [GeneratedRegex(@"^  Type +Reason +Age +From +Message$")]
    private static partial Regex DescribeEventsHeader();
}
