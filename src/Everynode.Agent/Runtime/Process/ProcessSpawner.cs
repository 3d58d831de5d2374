using System.Collections.Concurrent;
using System.Diagnostics;

namespace Everynode.Agent.Runtime.Process;

/// <summary>
/// Starts processes from one thread that lives as long as the agent. bubblewrap's <c>--die-with-parent</c> uses
/// PR_SET_PDEATHSIG, which Linux fires when the parent <em>thread</em> ends, not the parent process; started from a
/// thread-pool thread that later retires, a sandbox would be killed for no reason.
/// </summary>
internal static class ProcessSpawner
{
    private static readonly BlockingCollection<(ProcessStartInfo Start, TaskCompletionSource<System.Diagnostics.Process> Started)> Requests = [];

    static ProcessSpawner()
    {
        new Thread(Run) { IsBackground = true, Name = "everynode container spawner" }.Start();
    }

    public static Task<System.Diagnostics.Process> StartAsync(ProcessStartInfo start)
    {
        var started = new TaskCompletionSource<System.Diagnostics.Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        Requests.Add((start, started));
        return started.Task;
    }

    private static void Run()
    {
        foreach (var (start, started) in Requests.GetConsumingEnumerable())
        {
            try
            {
                started.SetResult(System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start"));
            }
            catch (Exception e)
            {
                started.SetException(e);
            }
        }
    }
}
