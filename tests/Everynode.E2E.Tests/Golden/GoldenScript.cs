namespace Everynode.E2E.Tests.Golden;

/// <summary>
/// One golden file: a kubectl session as a person would type it, with what kubectl prints, followed by the files it
/// uses (txtar layout). The format:
/// <code>
/// # a comment
/// $ kubectl create -f ds.yaml          (exits 0; "! kubectl ..." exits non-zero)
/// daemonset.apps/fluentd created       (stdout, masked by GoldenMask)
/// 2> Warning: ...                      (stderr)
/// [1.27-1.29] some line                (expected from those clients only)
/// + kubelet node-a-kXX                 (the fake kubelet starts acting for that node)
/// -- ds.yaml --                        (a file written beside the commands, up to the next file or the end)
/// </code>
/// <c>kXX</c> in commands and files is the client's suffix (<c>k27</c> … <c>k33</c>), so every client works in
/// names of its own; the mask turns them back into <c>kXX</c>.
/// </summary>
internal sealed class GoldenScript
{
    private GoldenScript(string name, IReadOnlyList<GoldenStep> steps, IReadOnlyDictionary<string, string> files)
    {
        Name = name;
        Steps = steps;
        Files = files;
    }

    public string Name { get; }

    public IReadOnlyList<GoldenStep> Steps { get; }

    /// <summary>File name to content, before the client suffix is put in.</summary>
    public IReadOnlyDictionary<string, string> Files { get; }

    public static GoldenScript Load(string path) => Parse(System.IO.Path.GetFileNameWithoutExtension(path), File.ReadAllText(path));

    public static GoldenScript Parse(string name, string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var steps = new List<GoldenStep>();
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        GoldenStep? current = null;
        var i = 0;
        for (; i < lines.Length && FileHeader(lines[i]) is null; i++)
        {
            var line = lines[i];
            if (line.StartsWith("$ ", StringComparison.Ordinal) || line.StartsWith("! ", StringComparison.Ordinal) || line.StartsWith("+ ", StringComparison.Ordinal))
            {
                current = GoldenStep.Parse(line, i + 1);
                steps.Add(current);
            }
            else if (line.StartsWith('#') || current is null)
            {
                if (line.Trim().Length > 0 && !line.StartsWith('#'))
                {
                    throw new FormatException($"{name}:{i + 1}: output before the first command: {line}");
                }
            }
            else
            {
                current.AddExpected(line);
            }
        }

        while (i < lines.Length)
        {
            var fileName = FileHeader(lines[i])!;
            var start = ++i;
            while (i < lines.Length && FileHeader(lines[i]) is null)
            {
                i++;
            }

            files[fileName] = string.Join('\n', lines[start..i]).TrimEnd('\n') + "\n";
        }

        return new GoldenScript(name, steps, files);
    }

    private static string? FileHeader(string line) =>
        line.StartsWith("-- ", StringComparison.Ordinal) && line.EndsWith(" --", StringComparison.Ordinal) && line.Length > 6 ? line[3..^3] : null;
}
