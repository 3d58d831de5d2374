using System.Globalization;

namespace Everynode.Agent.Logs;

/// <summary>One line of a CRI log file: <c>TIMESTAMP STREAM F|P CONTENT</c>.</summary>
internal readonly record struct CriLogLine(string Timestamp, DateTimeOffset Time, string Stream, bool Partial, string Content)
{
    public static bool TryParse(string line, out CriLogLine parsed)
    {
        parsed = default;
        var first = line.IndexOf(' ', StringComparison.Ordinal);
        if (first < 0)
        {
            return false;
        }

        var second = line.IndexOf(' ', first + 1);
        if (second < 0 || second + 2 > line.Length)
        {
            return false;
        }

        var timestamp = line[..first];
        if (!DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return false;
        }

        var tag = line[second + 1];
        var content = second + 3 <= line.Length ? line[(second + 3)..] : "";
        parsed = new CriLogLine(timestamp, time, line[(first + 1)..second], tag == 'P', content);
        return true;
    }
}
