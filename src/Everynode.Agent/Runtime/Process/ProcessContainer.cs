using System.Diagnostics;
using System.Text;

namespace Everynode.Agent.Runtime.Process;

/// <summary>
/// One running container of the process runtime: the sandbox process (bwrap, whose child is the user's process as
/// PID 1 of the container's PID namespace) or, unsandboxed, the user's process itself.
/// Invariant: once <see cref="Exited"/> completes, no process of the container is left: in a sandbox the kernel
/// kills a PID namespace with its init; unsandboxed, stop and dispose kill the whole process tree.
/// </summary>
internal sealed class ProcessContainer : IRunningContainer
{
    private const int MaxExecOutputBytes = 16 * 1024;

    private readonly System.Diagnostics.Process _process;
    private readonly ContainerLaunch _launch;
    private readonly SandboxTools? _sandbox;
    private readonly string _containerDirectory;
    private readonly TimeProvider _time;
    private readonly Action<ProcessContainer> _disposed;
    private int _initPid;
    private volatile int _sentSignal;

    public ProcessContainer(string id, System.Diagnostics.Process process, ContainerLaunch launch, SandboxTools? sandbox,
        string containerDirectory, Task pumps, TimeProvider time, Action<ProcessContainer> disposed)
    {
        _disposed = disposed;
        Id = id;
        _process = process;
        _launch = launch;
        _sandbox = sandbox;
        _containerDirectory = containerDirectory;
        _time = time;
        _initPid = sandbox is null ? process.Id : 0;
        StartedAt = time.GetUtcNow();
        Exited = WatchExitAsync(pumps);
    }

    public string Id { get; }

    public DateTimeOffset StartedAt { get; private set; }

    public Task<ContainerExit> Exited { get; }

    /// <summary>The host PID of the user's process (PID 1 inside the sandbox).</summary>
    internal int InitPid => _initPid;

    /// <summary>The sandbox has exec'd the user's process (host PID <paramref name="pid"/>).</summary>
    internal void Started(int pid)
    {
        _initPid = pid;
        StartedAt = _time.GetUtcNow();
    }

    public async Task<ContainerExit> StopAsync(TimeSpan gracePeriod, CancellationToken ct)
    {
        if (!Exited.IsCompleted && gracePeriod > TimeSpan.Zero && _initPid > 0)
        {
            _sentSignal = Libc.SigTerm;
            Libc.Signal(_initPid, Libc.SigTerm);
            using var graceOver = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var grace = Task.Delay(gracePeriod, _time, graceOver.Token);
            await Task.WhenAny(Exited, grace);
            await graceOver.CancelAsync();
            ct.ThrowIfCancellationRequested();
        }

        if (!Exited.IsCompleted)
        {
            Kill();
        }

        return await Exited.WaitAsync(ct);
    }

    public async Task<ExecResult> ExecAsync(IReadOnlyList<string> command, TimeSpan timeout, CancellationToken ct)
    {
        if (command.Count == 0)
        {
            return new ExecResult(126, "exec: no command given", TimedOut: false);
        }

        if (_sandbox is { Nsenter: null })
        {
            return new ExecResult(126, "cannot exec in the container: nsenter (util-linux) is not installed", TimedOut: false);
        }

        if (Exited.IsCompleted || _initPid <= 0)
        {
            return new ExecResult(126, "cannot exec in a stopped container", TimedOut: false);
        }

        var start = new ProcessStartInfo
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        ProcessRuntime.SetEnvironment(start, _launch.Environment);
        if (_sandbox is not null)
        {
            // Enter the container's mount, PID and UTS namespaces, with its root and working directory: the command
            // sees the container's filesystem (its writes included) and its processes.
            start.FileName = _sandbox.Nsenter!;
            foreach (var arg in (string[])["-t", $"{_initPid}", "-m", "-p", "-u", "-r",
                $"--wd=/proc/{_initPid}/root{SandboxCommand.Absolute(_launch.WorkingDirectory)}", "--"])
            {
                start.ArgumentList.Add(arg);
            }

            foreach (var arg in command)
            {
                start.ArgumentList.Add(arg);
            }
        }
        else
        {
            start.FileName = HostExecutable.Find(command[0], _launch.Environment)
                ?? throw new ContainerStartException(ExecFailure.NotFound(command[0]));
            start.WorkingDirectory = Directory.Exists(_launch.WorkingDirectory) ? _launch.WorkingDirectory : "/";
            foreach (var arg in command.Skip(1))
            {
                start.ArgumentList.Add(arg);
            }
        }

        using var process = await ProcessSpawner.StartAsync(start);
        process.StandardInput.Close();
        var output = new CappedBuffer(MaxExecOutputBytes);
        var pumps = Task.WhenAll(Drain(process.StandardOutput.BaseStream, output), Drain(process.StandardError.BaseStream, output));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            // The command first, so that nsenter (its parent, outside the container) reaps it; then nsenter.
            ProcessTree.KillDescendants(process.Id);
            try
            {
                await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(2), _time, CancellationToken.None);
            }
            catch (TimeoutException)
            {
                ProcessTree.Kill(process.Id);
                await process.WaitForExitAsync(CancellationToken.None);
            }

            ct.ThrowIfCancellationRequested();
            timedOut = true;
        }

        await pumps.WaitAsync(TimeSpan.FromSeconds(2), _time, CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
        var text = output.ToString();
        return new ExecResult(timedOut ? -1 : process.ExitCode, _sandbox is null ? text : ExecFailure.FromNsenter(text, command[0]), timedOut);
    }

    public async ValueTask DisposeAsync()
    {
        if (!Exited.IsCompleted)
        {
            Kill();
        }

        await Exited;
        _process.Dispose();
        DirectoryTree.Delete(_containerDirectory);
        _disposed(this);
    }

    /// <summary>SIGKILL to the container's PID 1 (the kernel then kills its whole PID namespace) and to every process
    /// of the sandbox's tree, which is all there is unsandboxed.</summary>
    internal void Kill()
    {
        _sentSignal = Libc.SigKill;
        if (_initPid > 0)
        {
            Libc.Signal(_initPid, Libc.SigKill);
        }

        if (!_process.HasExited)
        {
            ProcessTree.Kill(_process.Id);
        }
    }

    private async Task<ContainerExit> WatchExitAsync(Task pumps)
    {
        await _process.WaitForExitAsync();

        // Unsandboxed, a daemonised grandchild may hold the pipes open for ever: its output is not waited for.
        await pumps.WaitAsync(TimeSpan.FromSeconds(2), _time).ContinueWith(_ => { }, TaskScheduler.Default);
        var code = _process.ExitCode;
        var sent = _sentSignal;
        var signal = sent != 0 && code == 128 + sent ? sent : 0;
        return new ContainerExit(code, signal, _time.GetUtcNow(), code == 0 ? "Completed" : "Error");
    }

    private static async Task Drain(Stream stream, CappedBuffer output)
    {
        var buffer = new byte[4096];
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            output.Append(buffer.AsSpan(0, read));
        }
    }

    /// <summary>Output of an exec, both streams, at most so many bytes (upstream caps probe output too).</summary>
    private sealed class CappedBuffer(int limit)
    {
        private readonly Lock _lock = new();
        private readonly byte[] _bytes = new byte[limit];
        private int _length;

        public void Append(ReadOnlySpan<byte> bytes)
        {
            lock (_lock)
            {
                var take = Math.Min(limit - _length, bytes.Length);
                bytes[..take].CopyTo(_bytes.AsSpan(_length));
                _length += take;
            }
        }

        public override string ToString()
        {
            lock (_lock)
            {
                return Encoding.UTF8.GetString(_bytes, 0, _length);
            }
        }
    }
}
