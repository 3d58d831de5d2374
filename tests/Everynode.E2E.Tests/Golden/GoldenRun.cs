using System.Text;
using Everynode.E2E.Tests.Harness;

namespace Everynode.E2E.Tests.Golden;

/// <summary>
/// Plays one golden script with one kubectl client: writes the script's files into a directory of the client's
/// own, runs every command there, masks what it printed and compares it with the golden lines for that client.
/// </summary>
internal sealed class GoldenRun(GoldenScript script, int minor, Kubectl kubectl, FakeKubelet kubelet, string directory)
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private readonly string _suffix = GoldenMask.SuffixFor(minor);

    /// <summary>Every difference, as text for the failure message; empty when the output matched line for line.</summary>
    public async Task<IReadOnlyList<string>> RunAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(directory);
        foreach (var (name, content) in script.Files)
        {
            await File.WriteAllTextAsync(Path.Combine(directory, name), Localize(content), ct);
        }

        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        if (script.Files.ContainsKey("editor.sh"))
        {
            // kubectl splits an editor command with blanks but no quotes on blanks and appends the file to edit.
            environment["KUBE_EDITOR"] = $"sh {Path.Combine(directory, "editor.sh")}";
        }

        var differences = new List<string>();
        foreach (var step in script.Steps)
        {
            if (step.Mode == '+')
            {
                Act(step);
                continue;
            }

            if (step.Words.Count == 0 || step.Words[0] != "kubectl")
            {
                throw new FormatException($"{script.Name}.txt:{step.LineNumber}: only kubectl commands can be run");
            }

            var args = step.Words.Skip(1).Select(Localize).ToList();
            var result = await kubectl.RunAsync(args, stdin: null, directory, environment, CommandTimeout, ct);
            var expected = step.ExpectedFor(minor);
            var actual = Transcript(result.Stdout, result.Stderr);
            var expectedMode = step.Mode;
            var actualMode = result.ExitCode == 0 ? '$' : '!';
            if (expected != actual || expectedMode != actualMode)
            {
                differences.Add(Describe(step, expectedMode, expected, actualMode, actual, result.ExitCode));
            }
        }

        return differences;
    }

    /// <summary>stdout as printed, then stderr with each line marked <c>2&gt; </c>; both masked.</summary>
    public static string Transcript(string stdout, string stderr)
    {
        var text = new StringBuilder(GoldenMask.Apply(stdout.TrimEnd('\n')));
        foreach (var line in GoldenMask.Apply(stderr.TrimEnd('\n')).Split('\n').Where(l => l.Length > 0))
        {
            text.Append('\n').Append("2> ").Append(line);
        }

        return text.ToString().TrimStart('\n').TrimEnd('\n');
    }

    private string Localize(string text) => text.Replace(GoldenMask.ClientSuffix, _suffix, StringComparison.Ordinal);

    private void Act(GoldenStep step)
    {
        if (step.Words is ["kubelet", var node])
        {
            kubelet.AddNode(Localize(node));
            return;
        }

        throw new FormatException($"{script.Name}.txt:{step.LineNumber}: unknown harness action `{string.Join(' ', step.Words)}`");
    }

    private string Describe(GoldenStep step, char expectedMode, string expected, char actualMode, string actual, int exitCode)
    {
        var command = string.Join(' ', step.Words);
        return $"""
            {script.Name}.txt:{step.LineNumber} with kubectl 1.{minor} (exit {exitCode})
            --- expected
            {expectedMode} {command}
            {expected}
            +++ actual
            {actualMode} {command}
            {actual}
            """;
    }
}
