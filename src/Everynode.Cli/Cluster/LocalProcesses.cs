using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Everynode.Cli.Cluster;

/// <summary>
/// Starts the cluster's processes detached from the terminal and stops them by pid. A detached process runs in
/// a session of its own (<c>setsid</c>): Ctrl-C in the terminal reaches only <c>everynode up</c>, which then stops
/// the cluster in order, and a <c>--detach</c>ed cluster outlives the shell that started it.
/// </summary>
internal static partial class LocalProcesses
{
    private const int SigTerm = 15;
    private const int SigKill = 9;

    /// <summary>
    /// Starts <c>everynode ARGS</c> (this same binary) with stdin from /dev/null and stdout and stderr appended to
    /// <paramref name="logPath"/> (the previous log is kept as <c>.1</c>). <c>setsid</c> and the shell both
    /// exec in place, so the returned pid is everynode's own.
    /// </summary>
    public static ProcessRecord StartDetached(IReadOnlyList<string> arguments, string logPath, DateTimeOffset startedAt)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        if (File.Exists(logPath))
        {
            File.Move(logPath, logPath + ".1", overwrite: true);
        }

        var startInfo = new ProcessStartInfo("setsid") { UseShellExecute = false };
        foreach (var arg in (string[])["sh", "-c", "exec \"$0\" \"$@\" </dev/null >>\"$EVERYNODE_LOG\" 2>&1", .. SelfCommand(), .. arguments])
        {
            startInfo.ArgumentList.Add(arg);
        }

        startInfo.Environment["EVERYNODE_LOG"] = logPath;
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("could not start setsid");
        return new ProcessRecord(process.Id, ReadStartTime(process.Id) ?? 0, arguments, logPath) { StartedAt = startedAt };
    }

    /// <summary>How to run this binary again: the apphost itself, or <c>dotnet everynode.dll</c>.</summary>
    public static IReadOnlyList<string> SelfCommand()
    {
        var processPath = Environment.ProcessPath ?? throw new InvalidOperationException("the path of this process is unknown");
        var name = Path.GetFileNameWithoutExtension(processPath);
        if (name == "dotnet")
        {
            var dll = typeof(LocalProcesses).Assembly.Location;
            return [processPath, dll];
        }

        return [processPath];
    }

    /// <summary>This process, recorded as the cluster's foreground supervisor.</summary>
    public static ProcessRecord Self() =>
        new(Environment.ProcessId, ReadStartTime(Environment.ProcessId) ?? 0, Environment.GetCommandLineArgs()[1..], "");

    /// <summary>True while the recorded process runs (the same pid with the same start time, not a zombie).</summary>
    public static bool IsRunning(ProcessRecord? record)
    {
        if (record is null)
        {
            return false;
        }

        var startTime = ReadStartTime(record.Pid, out var state);
        return startTime is not null && state != 'Z' && (record.StartTime == 0 || startTime == record.StartTime);
    }

    /// <summary>
    /// Stops the process as a service manager does: SIGTERM, up to <paramref name="grace"/> to exit, then SIGKILL.
    /// Returns false when it had to be killed.
    /// </summary>
    public static async Task<bool> StopAsync(ProcessRecord record, TimeSpan grace, CancellationToken ct)
    {
        if (!IsRunning(record))
        {
            return true;
        }

        _ = Kill(record.Pid, SigTerm);
        if (await WaitForExitAsync(record, grace, ct))
        {
            return true;
        }

        if (IsRunning(record))
        {
            _ = Kill(record.Pid, SigKill);
        }

        await WaitForExitAsync(record, TimeSpan.FromSeconds(5), ct);
        return false;
    }

    /// <summary>Waits until the process has exited; false when <paramref name="timeout"/> passed first.</summary>
    public static async Task<bool> WaitForExitAsync(ProcessRecord record, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (IsRunning(record))
        {
            if (deadline.Elapsed >= timeout)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), ct);
        }

        return true;
    }

    /// <summary>The last <paramref name="lines"/> lines of a log file, for messages about a process that failed.</summary>
    public static IReadOnlyList<string> Tail(string path, int lines)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        const int window = 64 * 1024;
        stream.Seek(Math.Max(0, stream.Length - window), SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        var all = reader.ReadToEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        if (all.Count > 0 && all[^1].Length == 0)
        {
            all.RemoveAt(all.Count - 1);
        }

        return all.Count <= lines ? all : all[^lines..];
    }

    private static long? ReadStartTime(int pid) => ReadStartTime(pid, out _);

    /// <summary>Field 22 of <c>/proc/PID/stat</c> (start time in clock ticks since boot) and field 3 (state).</summary>
    private static long? ReadStartTime(int pid, out char state)
    {
        state = '?';
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // The command name (field 2) is in parentheses and may hold spaces; the fields after it are plain.
        var close = stat.LastIndexOf(')');
        var fields = stat[(close + 2)..].Split(' ');
        state = fields[0].Length > 0 ? fields[0][0] : '?';
        return long.Parse(fields[19], CultureInfo.InvariantCulture);
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
