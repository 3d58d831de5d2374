using System.Diagnostics;
using Everynode.Agent.Runtime;
using Everynode.Agent.Runtime.Process;

namespace Everynode.Agent.Tests.Process;

public sealed class ProcessRuntimeTests(ProcessRuntimeFixture fixture) : IClassFixture<ProcessRuntimeFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [SandboxFact]
    public async Task Echo_OutputReachesTheSinkLineByLine()
    {
        await using var runtime = fixture.NewRuntime();
        var output = new RecordingOutput();
        await using var container = await runtime.StartContainerAsync(
            await ProcessRuntimeFixture.BusyboxAsync(runtime, output, "sh", "-c", "echo hello; echo \"$GREETING\"; echo oops >&2; printf partial"), CancellationToken.None);

        var exit = await container.Exited.WaitAsync(Timeout);

        Assert.Equal(0, exit.ExitCode);
        Assert.Equal("Completed", exit.Reason);
        Assert.Equal(["hello", "hello from env", "partial"], output.Stdout);
        Assert.Equal(["oops"], output.Stderr);
        Assert.True(output.Lines.Single(l => l.Line == "partial").Unterminated);
        Assert.False(output.Lines.Single(l => l.Line == "hello").Unterminated);
        Assert.Matches("^[0-9a-f]{64}$", container.Id);
    }

    [SandboxFact]
    public async Task OverlongLines_AreSplitIntoUnterminatedPieces()
    {
        await using var runtime = fixture.NewRuntime(maxLineBytes: 256);
        var output = new RecordingOutput();
        await using var container = await runtime.StartContainerAsync(
            await ProcessRuntimeFixture.BusyboxAsync(runtime, output, "sh", "-c", "head -c 600 /dev/zero | tr '\\0' a; echo"), CancellationToken.None);
        await container.Exited.WaitAsync(Timeout);

        Assert.Equal([(256, true), (256, true), (88, false)], output.Lines.Select(l => (l.Line.Length, l.Unterminated)).ToArray());
    }

    [SandboxFact]
    public async Task Environment_IsTheLaunchEnvironmentPlusTheWorkingDirectory()
    {
        await using var runtime = fixture.NewRuntime();
        var output = new RecordingOutput();
        await using var container = await runtime.StartContainerAsync(await ProcessRuntimeFixture.BusyboxAsync(runtime, output, "env"), CancellationToken.None);
        await container.Exited.WaitAsync(Timeout);

        // Nothing of the agent's environment leaks in; bubblewrap always sets PWD.
        Assert.Equal(["GREETING=hello from env", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "PWD=/"], output.Stdout.Order(StringComparer.Ordinal).ToArray());
    }

    [SandboxFact]
    public async Task ExitCodes_AreReportedWithUpstreamsReasons()
    {
        await using var runtime = fixture.NewRuntime();
        var output = new RecordingOutput();
        await using var failing = await runtime.StartContainerAsync(await ProcessRuntimeFixture.BusyboxAsync(runtime, output, "sh", "-c", "exit 3"), CancellationToken.None);
        var exit = await failing.Exited.WaitAsync(Timeout);
        Assert.Equal((3, 0, "Error"), (exit.ExitCode, exit.Signal, exit.Reason));

        await using var killed = await runtime.StartContainerAsync(await ProcessRuntimeFixture.BusyboxAsync(runtime, output, "sh", "-c", "sleep 30 & wait"), CancellationToken.None);
        var stopped = await killed.StopAsync(TimeSpan.Zero, CancellationToken.None).WaitAsync(Timeout);
        Assert.Equal((137, 9, "Error"), (stopped.ExitCode, stopped.Signal, stopped.Reason));
    }

    [SandboxFact]
    public async Task Stop_SigtermReachesAProcessThatHandlesIt()
    {
        await using var runtime = fixture.NewRuntime();
        var output = new RecordingOutput();
        await using var container = await runtime.StartContainerAsync(await ProcessRuntimeFixture.BusyboxAsync(runtime, output,
            "sh", "-c", "trap 'echo got TERM; exit 0' TERM; echo ready; while true; do sleep 0.1; done"), CancellationToken.None);
        await output.WaitForLineAsync(l => l == "ready", Timeout);

        var watch = Stopwatch.StartNew();
        var exit = await container.StopAsync(TimeSpan.FromSeconds(15), CancellationToken.None).WaitAsync(Timeout);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"stopped after {watch.Elapsed}");
        Assert.Equal(0, exit.ExitCode);
        Assert.Contains("got TERM", output.Stdout);
    }

    [SandboxFact]
    public async Task Stop_PidOneIgnoringSigterm_IsKilledWhenTheGracePeriodEnds()
    {
        await using var runtime = fixture.NewRuntime();
        var output = new RecordingOutput();
        await using var container = await runtime.StartContainerAsync(await ProcessRuntimeFixture.BusyboxAsync(runtime, output, "sleep", "1000"), CancellationToken.None);

        var watch = Stopwatch.StartNew();
        var exit = await container.StopAsync(TimeSpan.FromSeconds(1), CancellationToken.None).WaitAsync(Timeout);

        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
        Assert.Equal((137, 9), (exit.ExitCode, exit.Signal));
    }

    [SandboxFact]
    public async Task Stop_LeavesNoProcessOfTheContainerBehind()
    {
        await using var runtime = fixture.NewRuntime();
        var output = new RecordingOutput();
        await using var container = await runtime.StartContainerAsync(await ProcessRuntimeFixture.BusyboxAsync(runtime, output,
            "sh", "-c", "sleep 1001 & sh -c 'sleep 1002 & wait' & echo forked; wait"), CancellationToken.None);
        await output.WaitForLineAsync(l => l == "forked", Timeout);
        var init = ((ProcessContainer)container).InitPid;
        var descendants = await WaitForAsync(() => ProcessTree.Descendants(init), d => d.Count >= 3);

        await container.StopAsync(TimeSpan.FromMilliseconds(200), CancellationToken.None).WaitAsync(Timeout);

        await WaitForAsync(() => descendants.Append(init).Where(IsAlive).ToList(), alive => alive.Count == 0);
    }

    [SandboxFact]
    public async Task DisposingTheRuntime_KillsContainersTheAgentLeftRunning()
    {
        var runtime = fixture.NewRuntime();
        var output = new RecordingOutput();
        var container = await runtime.StartContainerAsync(await ProcessRuntimeFixture.BusyboxAsync(runtime, output, "sleep", "1000"), CancellationToken.None);

        await runtime.DisposeAsync().AsTask().WaitAsync(Timeout);

        Assert.True(container.Exited.IsCompleted);
        Assert.Equal(137, (await container.Exited).ExitCode);
    }

    [SandboxFact]
    public async Task Container_HasItsOwnPidNamespaceAndHostname()
    {
        await using var runtime = fixture.NewRuntime();
        var output = new RecordingOutput();
        await using var container = await runtime.StartContainerAsync(await ProcessRuntimeFixture.BusyboxAsync(runtime, output,
            "sh", "-c", "echo pid=$$; hostname; ps -o pid | tail -n +2 | wc -l"), CancellationToken.None);
        await container.Exited.WaitAsync(Timeout);

        Assert.Equal("pid=1", output.Stdout[0]);
        Assert.Equal("test-pod", output.Stdout[1]);
        Assert.InRange(int.Parse(output.Stdout[2].Trim(), System.Globalization.CultureInfo.InvariantCulture), 1, 4);
    }

    [SandboxTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RootFilesystem_IsWritablePerContainerAndTheImageStaysUntouched(bool copyRootfs)
    {
        await using var runtime = fixture.NewRuntime(copyRootfs: copyRootfs);
        var output = new RecordingOutput();
        await using var first = await runtime.StartContainerAsync(await ProcessRuntimeFixture.BusyboxAsync(runtime, output,
            "sh", "-c", "echo changed > /etc/motd && rm /bin/ls && cat /etc/motd"), CancellationToken.None);
        await first.Exited.WaitAsync(Timeout);
        Assert.Equal(["changed"], output.Stdout);

        var again = new RecordingOutput();
        await using var second = await runtime.StartContainerAsync(await ProcessRuntimeFixture.BusyboxAsync(runtime, again,
            "sh", "-c", "test -e /etc/motd && echo leaked || echo fresh; ls / > /dev/null && echo ls-present"), CancellationToken.None);
        await second.Exited.WaitAsync(Timeout);
        Assert.Equal(["fresh", "ls-present"], again.Stdout);
    }

    [SandboxFact]
    public async Task HostPathMount_ReadOnly_IsVisibleButNotWritable()
    {
        var host = Path.Combine(fixture.Root, "hostpath-" + Guid.NewGuid().ToString("n")[..8]);
        Directory.CreateDirectory(host);
        await File.WriteAllTextAsync(Path.Combine(host, "node.log"), "written on the node\n");
        await using var runtime = fixture.NewRuntime();
        var output = new RecordingOutput();
        var launch = await ProcessRuntimeFixture.BusyboxAsync(runtime, output, "sh", "-c", "cat /var/log/node/node.log; echo x > /var/log/node/new || echo refused");
        await using var container = await runtime.StartContainerAsync(
            launch with { Mounts = [new ContainerMount(host, "/var/log/node", ReadOnly: true)] }, CancellationToken.None);
        await container.Exited.WaitAsync(Timeout);

        Assert.Equal(["written on the node", "refused"], output.Stdout);
        Assert.Contains(output.Stderr, l => l.Contains("Read-only file system", StringComparison.Ordinal));
        Assert.False(File.Exists(Path.Combine(host, "new")));
    }

    [SandboxFact]
    public async Task EmptyDir_IsSharedBetweenTwoContainers()
    {
        var volume = Path.Combine(fixture.Root, "emptydir-" + Guid.NewGuid().ToString("n")[..8]);
        Directory.CreateDirectory(volume);
        await using var runtime = fixture.NewRuntime();
        var readerOutput = new RecordingOutput();
        var writerOutput = new RecordingOutput();
        var mounts = new[] { new ContainerMount(volume, "/shared", ReadOnly: false) };
        await using var reader = await runtime.StartContainerAsync((await ProcessRuntimeFixture.BusyboxAsync(runtime, readerOutput,
            "sh", "-c", "until [ -f /shared/msg ]; do sleep 0.05; done; cat /shared/msg")) with { Mounts = mounts, ContainerName = "reader" }, CancellationToken.None);
        await using var writer = await runtime.StartContainerAsync((await ProcessRuntimeFixture.BusyboxAsync(runtime, writerOutput,
            "sh", "-c", "echo from-writer > /shared/msg")) with { Mounts = mounts, ContainerName = "writer" }, CancellationToken.None);

        var written = await writer.Exited.WaitAsync(Timeout);
        Assert.True(written.ExitCode == 0, $"writer: {written} {string.Join(" | ", writerOutput.Lines)}");
        await reader.Exited.WaitAsync(Timeout);
        Assert.Equal(["from-writer"], readerOutput.Stdout);
        Assert.Equal("from-writer\n", await File.ReadAllTextAsync(Path.Combine(volume, "msg")));
    }

    [SandboxFact]
    public async Task Exec_SeesTheContainersFilesystemAndProcesses()
    {
        await using var runtime = fixture.NewRuntime();
        var output = new RecordingOutput();
        var launch = await ProcessRuntimeFixture.BusyboxAsync(runtime, output, "sh", "-c", "echo inside > /tmp/marker; echo ready; exec sleep 1000");
        await using var container = await runtime.StartContainerAsync(launch with { WorkingDirectory = "/srv/app" }, CancellationToken.None);
        await output.WaitForLineAsync(l => l == "ready", Timeout);

        var result = await container.ExecAsync(["sh", "-c", "cat /tmp/marker; pwd; echo $GREETING; ps -o pid,comm | grep -c sleep"], TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.False(result.TimedOut);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("inside\n/srv/app\nhello from env\n1\n", result.Output);

        var missing = await container.ExecAsync(["no-such-probe"], TimeSpan.FromSeconds(10), CancellationToken.None);
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("exec: \"no-such-probe\": executable file not found in $PATH", missing.Output, StringComparison.Ordinal);

        var slow = await container.ExecAsync(["sleep", "30"], TimeSpan.FromMilliseconds(300), CancellationToken.None);
        Assert.True(slow.TimedOut);
        Assert.False(container.Exited.IsCompleted);
        var leftovers = await container.ExecAsync(["sh", "-c", "ps -o comm | grep -c sleep"], TimeSpan.FromSeconds(10), CancellationToken.None);
        Assert.Equal("1\n", leftovers.Output); // the container's own sleep; the timed-out exec's is gone
    }

    [SandboxFact]
    public async Task MissingExecutable_ThrowsContainerStartExceptionInUpstreamsWords()
    {
        await using var runtime = fixture.NewRuntime();
        var output = new RecordingOutput();
        var e = await Assert.ThrowsAsync<ContainerStartException>(async () =>
            await runtime.StartContainerAsync(await ProcessRuntimeFixture.BusyboxAsync(runtime, output, "foo"), CancellationToken.None));
        Assert.Contains("exec: \"foo\": executable file not found in $PATH", e.Message, StringComparison.Ordinal);

        var absolute = await Assert.ThrowsAsync<ContainerStartException>(async () =>
            await runtime.StartContainerAsync(await ProcessRuntimeFixture.BusyboxAsync(runtime, output, "/opt/agent"), CancellationToken.None));
        Assert.Contains("exec: \"/opt/agent\": stat /opt/agent: no such file or directory", absolute.Message, StringComparison.Ordinal);
        Assert.Empty(output.Lines);
    }

    [SandboxFact]
    public async Task ImportedImage_RunsItsLayersWithWhiteoutsApplied()
    {
        var busybox = await File.ReadAllBytesAsync(Everynode.Agent.Images.BuiltinBusybox.FindStaticBusybox(null)!);
        var lower = Images.TestArchive.Tar(
            new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, "bin/busybox")
            {
                Mode = (UnixFileMode)Convert.ToInt32("755", 8),
                DataStream = new MemoryStream(busybox),
            },
            Images.TestArchive.Symlink("bin/sh", "busybox"),
            Images.TestArchive.Symlink("bin/ls", "/bin/busybox"),
            Images.TestArchive.File("etc/removed.conf", "lower"),
            Images.TestArchive.File("etc/kept.conf", "lower"));
        var upper = Images.TestArchive.Gzip(Images.TestArchive.Tar(Images.TestArchive.File("etc/.wh.removed.conf", ""), Images.TestArchive.File("etc/kept.conf", "upper")));
        var config = Images.TestArchive.Config(["/bin/sh", "-c"], ["ls /etc; cat /etc/kept.conf"], ["PATH=/bin"], "/etc");
        var archive = Path.Combine(fixture.Root, "imported-" + Guid.NewGuid().ToString("n")[..8] + ".tar");
        await File.WriteAllBytesAsync(archive, Images.TestArchive.DockerSave("example.org/tools:1", config, lower, upper));
        await new Everynode.Agent.Images.ImageStore(fixture.ImageStore).ImportAsync("example.org/tools:1", archive, CancellationToken.None);
        await using var runtime = fixture.NewRuntime();

        var image = (await runtime.FindImageAsync("example.org/tools:1", CancellationToken.None))!;
        var output = new RecordingOutput();
        var launch = await ProcessRuntimeFixture.BusyboxAsync(runtime, output, [.. image.Entrypoint, .. image.Cmd]);
        await using var container = await runtime.StartContainerAsync(launch with { Image = image, WorkingDirectory = image.WorkingDir! }, CancellationToken.None);
        var exit = await container.Exited.WaitAsync(Timeout);

        Assert.Equal(0, exit.ExitCode);
        Assert.Contains("kept.conf", output.Stdout);
        Assert.DoesNotContain("removed.conf", output.Stdout);
        Assert.Equal("upper", output.Stdout[^1]);
        Assert.Equal(TestArchiveDigest(config), image.ImageId);
    }

    [Fact]
    public async Task Unsandboxed_RunsOnTheHostAndStillReportsMissingExecutables()
    {
        await using var runtime = fixture.NewRuntime(sandbox: false);
        var output = new RecordingOutput();
        var launch = new ContainerLaunch
        {
            PodUid = "u",
            PodNamespace = "default",
            PodName = "p",
            ContainerName = "c",
            Attempt = 0,
            Image = new ImageConfig("host", "sha256:" + new string('0', 64), [], [], [], null),
            Argv = ["sh", "-c", "echo on the host; exit 4"],
            Environment = [new("PATH", "/usr/bin:/bin")],
            WorkingDirectory = "/",
            Mounts = [],
            Hostname = "p",
            Output = output,
        };
        await using var container = await runtime.StartContainerAsync(launch, CancellationToken.None);
        var exit = await container.Exited.WaitAsync(Timeout);
        Assert.Equal(4, exit.ExitCode);
        Assert.Equal(["on the host"], output.Stdout);

        await Assert.ThrowsAsync<ContainerStartException>(() => runtime.StartContainerAsync(launch with { Argv = ["no-such-command-xyz"] }, CancellationToken.None));

        await using var running = await runtime.StartContainerAsync(launch with { Argv = ["sleep", "30"] }, CancellationToken.None);
        var exec = await running.ExecAsync(["sh", "-c", "echo exec on the host"], TimeSpan.FromSeconds(10), CancellationToken.None);
        Assert.Equal((0, "exec on the host\n"), (exec.ExitCode, exec.Output));
        var missing = await running.ExecAsync(["no-such-command-xyz"], TimeSpan.FromSeconds(10), CancellationToken.None);
        Assert.Equal(127, missing.ExitCode);
        var stopped = await running.StopAsync(TimeSpan.FromSeconds(5), CancellationToken.None).WaitAsync(Timeout);
        Assert.Equal((143, 15), (stopped.ExitCode, stopped.Signal));
    }

    private static string TestArchiveDigest(byte[] bytes) => Images.TestArchive.Digest(bytes);

    private static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static async Task<T> WaitForAsync<T>(Func<T> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            var value = read();
            if (done(value))
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, $"condition not met within {Timeout}");
            await Task.Delay(20);
        }
    }
}
