using System.Diagnostics;
using System.Text.RegularExpressions;
using Everynode.E2E.Tests.Harness;

namespace Everynode.E2E.Tests.Up;

/// <summary>
/// docs/tutorial.md as a newcomer follows it: every command of its <c>sh</c> blocks, in order, run by bash in the
/// repository's root with the real kubectl. <c>./everynode</c> is this build's binary with a temporary data
/// directory and port, and <c>KUBECONFIG</c> names a temporary file, so nothing of the user's is touched.
/// </summary>
[Collection(LocalClustersDefinition.Name)]
public sealed partial class TutorialTests
{
    private static readonly string Root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", ".."));

    [Fact]
    public async Task EveryTutorialCommand_Succeeds_InOrder()
    {
        var tutorial = Path.Combine(Root, "docs", "tutorial.md");
        Assert.True(File.Exists(tutorial), $"no tutorial at {tutorial}");
        var commands = Commands(await File.ReadAllTextAsync(tutorial));
        Assert.Contains("./everynode up --detach", commands);
        Assert.Contains("./everynode down", commands);

        await using var cluster = new LocalClusterRun();
        var wrapper = Path.Combine(Path.GetDirectoryName(cluster.DataDirectory)!, "everynode");
        var binary = EverynodeBinary.StartInfo([]);
        var self = string.Join(" ", new[] { binary.FileName }.Concat(binary.ArgumentList).Select(Quote));
        await File.WriteAllTextAsync(wrapper, $"""
            #!/bin/sh
            if [ "$1" = up ]; then set -- "$@" --port {cluster.Port}; fi
            exec {self} "$@" --data-dir {Quote(cluster.DataDirectory)}

            """);
        File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        foreach (var command in commands)
        {
            var result = await RunAsync(command.Replace("./everynode", Quote(wrapper), StringComparison.Ordinal), cluster);
            Assert.True(result.ExitCode == 0, $"tutorial command `{command}` exited {result.ExitCode}\nstdout:\n{result.Stdout}\nstderr:\n{result.Stderr}\n{cluster.Logs()}");
            if (command.StartsWith("kubectl label node", StringComparison.Ordinal) || command.StartsWith("kubectl apply", StringComparison.Ordinal))
            {
                // Give the controllers a moment, as a reader does between commands.
                await Task.Delay(TimeSpan.FromSeconds(2));
            }
        }
    }

    /// <summary>The lines of every <c>```sh</c> block, without comments and blank lines.</summary>
    internal static List<string> Commands(string markdown) =>
        [.. ShBlock().Matches(markdown).SelectMany(m => m.Groups[1].Value.Split('\n'))
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))];

    private static async Task<CommandResult> RunAsync(string command, LocalClusterRun cluster)
    {
        var startInfo = new ProcessStartInfo("bash", ["-o", "pipefail", "-c", command]) { WorkingDirectory = Root };
        startInfo.Environment["KUBECONFIG"] = cluster.KubeconfigPath;
        startInfo.Environment["EVERYNODE_LAUNCHER"] = "./everynode";
        using var child = ChildProcess.Start(startInfo);
        if (!await child.WaitForExitAsync(LocalClusterRun.CommandTimeout))
        {
            await child.KillAsync();
            Assert.Fail($"tutorial command `{command}` did not finish within {LocalClusterRun.CommandTimeout.TotalSeconds:0} s\n{child.Stdout.Text}\n{child.Stderr.Text}");
        }

        return child.Result();
    }

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [GeneratedRegex(@"```sh\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex ShBlock();
}
