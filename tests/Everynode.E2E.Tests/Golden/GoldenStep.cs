using System.Text;
using System.Text.RegularExpressions;

namespace Everynode.E2E.Tests.Golden;

/// <summary>One command of a golden script and the lines it is expected to print.</summary>
internal sealed partial class GoldenStep
{
    private readonly List<(int From, int To, string Line)> _expected = [];

    private GoldenStep(int lineNumber, char mode, IReadOnlyList<string> words)
    {
        LineNumber = lineNumber;
        Mode = mode;
        Words = words;
    }

    /// <summary>The step's line in its golden file, for failure messages.</summary>
    public int LineNumber { get; }

    /// <summary><c>$</c>: kubectl exits 0; <c>!</c>: it exits non-zero; <c>+</c>: a harness action.</summary>
    public char Mode { get; }

    /// <summary>The command split into words as a shell would (single and double quotes).</summary>
    public IReadOnlyList<string> Words { get; }

    public static GoldenStep Parse(string line, int lineNumber) => new(lineNumber, line[0], ShellWords(line[2..]));

    public void AddExpected(string line)
    {
        var condition = VersionCondition().Match(line);
        if (condition.Success)
        {
            var from = int.Parse(condition.Groups["from"].Value, System.Globalization.CultureInfo.InvariantCulture);
            var to = condition.Groups["to"].Success ? int.Parse(condition.Groups["to"].Value, System.Globalization.CultureInfo.InvariantCulture) : from;
            _expected.Add((from, to, line[condition.Length..]));
        }
        else
        {
            _expected.Add((0, int.MaxValue, line));
        }
    }

    /// <summary>What client 1.<paramref name="minor"/> should print: stdout lines, then stderr lines as <c>2&gt; line</c>.</summary>
    public string ExpectedFor(int minor) =>
        string.Join('\n', _expected.Where(e => e.From <= minor && minor <= e.To).Select(e => e.Line)).TrimEnd('\n');

    /// <summary>Splits a command line as a POSIX shell would, without expansions: blanks separate words, quotes group.</summary>
    public static IReadOnlyList<string> ShellWords(string command)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < command.Length; i++)
        {
            var c = command[i];
            if (c == '\'')
            {
                var end = command.IndexOf('\'', i + 1);
                if (end < 0)
                {
                    throw new FormatException($"unterminated ' in: {command}");
                }

                word.Append(command, i + 1, end - i - 1);
                i = end;
                inWord = true;
            }
            else if (c == '"')
            {
                for (i++; i < command.Length && command[i] != '"'; i++)
                {
                    if (command[i] == '\\' && i + 1 < command.Length && command[i + 1] is '"' or '\\' or '$')
                    {
                        i++;
                    }

                    word.Append(command[i]);
                }

                if (i >= command.Length)
                {
                    throw new FormatException($"unterminated \" in: {command}");
                }

                inWord = true;
            }
            else if (c is ' ' or '\t')
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words;
    }

    [GeneratedRegex(@"^\[1\.(?<from>[0-9]+)(-1\.(?<to>[0-9]+))?\] ")]
    private static partial Regex VersionCondition();
}
