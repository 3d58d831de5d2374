using Everynode.Agent.Logs;
using Everynode.Agent.Pods.Probes;
using Everynode.Agent.Runtime;
using Everynode.Agent.Volumes;
using Everynode.Client.Events;
using k8s.Models;

namespace Everynode.Agent.Pods;

/// <summary>Starting and restarting containers: init containers in order, then app containers; backoffs; probes.</summary>
internal sealed partial class PodWorker
{
    private async Task StartWhatShouldRunAsync(V1Pod pod, CancellationToken ct)
    {
        var policy = pod.Spec?.RestartPolicy ?? "Always";
        foreach (var init in _init)
        {
            if (init.Succeeded)
            {
                continue;
            }

            if (init.Running is null && !init.Finished)
            {
                if (init.LastRun is not null && policy == "Never")
                {
                    init.Finished = true; // A failed init container with restartPolicy Never fails the pod.
                }
                else
                {
                    await TryStartAsync(pod, init, ct);
                }
            }

            return; // Init containers run one at a time, in order; the app containers wait for all of them.
        }

        foreach (var app in _app)
        {
            if (app.Running is not null || app.Finished)
            {
                continue;
            }

            if (app.LastRun is { } last && !(policy == "Always" || (policy == "OnFailure" && last.Exit.ExitCode != 0)))
            {
                app.Finished = true;
                app.WaitingReason = null;
                continue;
            }

            await TryStartAsync(pod, app, ct);
        }
    }

    /// <summary>Starts a container unless a backoff holds it back; records why it waits otherwise.</summary>
    private async Task TryStartAsync(V1Pod pod, ContainerRecord c, CancellationToken ct)
    {
        var now = _ctx.Time.GetUtcNow();
        if (c.LastRun is { } last)
        {
            var key = $"{Uid}/{c.Name}";
            if (_ctx.CrashLoop.IsInBackOffSince(key, last.Exit.FinishedAt))
            {
                var delay = _ctx.CrashLoop.Get(key);
                if (c.WaitingReason != "CrashLoopBackOff")
                {
                    RecordContainerEvent(pod, c, EventTypes.Warning, "BackOff", $"Back-off restarting failed container {c.Name} in pod {PodDescription(pod)}");
                }

                c.WaitingReason = "CrashLoopBackOff";
                c.WaitingMessage = $"back-off {GoDuration.Format(delay)} restarting failed container={c.Name} pod={PodDescription(pod)}";
                WakeAt(last.Exit.FinishedAt + delay);
                return;
            }

            _ctx.CrashLoop.Next(key, last.Exit.FinishedAt);
        }

        if (await EnsureImageAsync(pod, c, ct) is not { } image)
        {
            return;
        }

        List<KeyValuePair<string, string>> env;
        List<ContainerMount> mounts;
        try
        {
            env = ContainerEnvironment.Resolve(pod, c.Spec, _ctx.HostIP, _ctx.Node()?.Status?.Allocatable, await ConfigAsync(pod, ct));
            mounts = PodVolumeResolver.Mounts(c.Spec, _volumes!);
        }
        catch (Exception e) when (e is ContainerConfigException or VolumeSetUpException or IOException)
        {
            WaitWithError(pod, c, "CreateContainerConfigError", e.Message, now + TimeSpan.FromSeconds(10));
            return;
        }

        var defined = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in env)
        {
            defined[name] = value;
        }

        var argv = CommandLine.Merge(image.Entrypoint, image.Cmd, c.Spec.Command, c.Spec.Args, defined);
        if (argv.Count == 0)
        {
            WaitWithError(pod, c, "CreateContainerError", "no command specified", now + TimeSpan.FromSeconds(10));
            return;
        }

        // A run after an earlier one (here, or before this agent restarted) is a restart.
        if (c.LastRun is not null || c.EverStarted)
        {
            c.RestartCount++;
        }

        var launch = new ContainerLaunch
        {
            PodUid = Uid,
            PodNamespace = Namespace,
            PodName = Name,
            ContainerName = c.Name,
            Attempt = c.RestartCount,
            Image = image,
            Argv = argv,
            Environment = [.. image.Env.Select(SplitEnv), .. env],
            WorkingDirectory = !string.IsNullOrEmpty(c.Spec.WorkingDir) ? c.Spec.WorkingDir : image.WorkingDir ?? "/",
            Mounts = mounts,
            Hostname = string.IsNullOrEmpty(pod.Spec?.Hostname) ? Name : pod.Spec.Hostname,
            Output = OpenLog(c),
        };

        RecordContainerEvent(pod, c, EventTypes.Normal, "Created", $"Created container: {c.Name}");
        IRunningContainer running;
        try
        {
            running = await _ctx.Runtime.StartContainerAsync(launch, ct);
        }
        catch (ContainerStartException e)
        {
            var failedAt = _ctx.Time.GetUtcNow();
            c.Ended(new TerminatedRun(new ContainerExit(128, 0, failedAt, "StartError", e.Message), failedAt, null));
            c.WaitingReason = null;
            c.Log?.Dispose();
            RecordContainerEvent(pod, c, EventTypes.Warning, "Failed", $"Error: {e.Message}");
            Wake();
            return;
        }

        c.Running = running;
        c.StartedAt = running.StartedAt;
        c.EverStarted = true;
        c.WaitingReason = null;
        c.WaitingMessage = null;
        RecordContainerEvent(pod, c, EventTypes.Normal, "Started", $"Started container {c.Name}");
        if (!c.IsInit)
        {
            var record = c;
            c.Probes = new ContainerProbes(c.Spec, running, _ctx.HostIP, _ctx.Probes, _ctx.Time, Wake,
                (kind, output) => RecordContainerEvent(_pod, record, EventTypes.Warning, "Unhealthy", $"{kind} probe failed: {output}"));
            c.Probes.Start();
        }

        _ = running.Exited.ContinueWith(_ => Wake(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void WaitWithError(V1Pod pod, ContainerRecord c, string reason, string message, DateTimeOffset retryAt)
    {
        if (c.WaitingReason != reason || c.WaitingMessage != message)
        {
            RecordContainerEvent(pod, c, EventTypes.Warning, "Failed", $"Error: {reason}");
        }

        c.WaitingReason = reason;
        c.WaitingMessage = message;
        WakeAt(retryAt);
    }

    /// <summary>Collects the containers that have exited since the last pass.</summary>
    private async Task ReapExitsAsync()
    {
        foreach (var c in _init.Concat(_app))
        {
            if (c.Running is not { Exited.IsCompleted: true } running)
            {
                continue;
            }

            var exit = running.Exited.IsCompletedSuccessfully
                ? running.Exited.Result
                : new ContainerExit(1, 0, _ctx.Time.GetUtcNow(), "Error", running.Exited.Exception?.GetBaseException().Message);
            await ReleaseAsync(c, running, exit);
        }
    }

    private static async Task ReleaseAsync(ContainerRecord c, IRunningContainer running, ContainerExit exit)
    {
        if (c.Probes is { } probes)
        {
            c.Probes = null;
            await probes.DisposeAsync();
        }

        c.Ended(new TerminatedRun(exit, running.StartedAt, running.Id));
        c.Stopping = false;
        c.Log?.Dispose();
        await running.DisposeAsync();
    }

    /// <summary>Liveness or startup probe failures restart the container (it is stopped; the restart follows the policy).</summary>
    private void RestartUnhealthy(V1Pod pod)
    {
        foreach (var c in _app)
        {
            if (c is { Running: { } running, Stopping: false, Probes: { RestartMessage: not null } probes })
            {
                c.Stopping = true;
                var which = probes.RestartProbe == ProbeKind.Startup ? "startup" : "liveness";
                RecordContainerEvent(pod, c, EventTypes.Normal, "Killing", $"Container {c.Name} failed {which} probe, will be restarted");
                _ = running.StopAsync(GracePeriod(pod, forDeletion: false), CancellationToken.None);
            }
        }
    }

    /// <summary>A changed image (the only mutable container field) restarts the container, as upstream.</summary>
    private void ApplySpecChanges(V1Pod pod)
    {
        foreach (var spec in pod.Spec?.Containers ?? [])
        {
            var c = _app.FirstOrDefault(r => r.Name == spec.Name);
            if (c is null || c.Spec.Image == spec.Image)
            {
                if (c is not null)
                {
                    c.Spec = spec;
                }

                continue;
            }

            c.Spec = spec;
            c.Finished = false;
            if (c is { Running: { } running, Stopping: false })
            {
                c.Stopping = true;
                RecordContainerEvent(pod, c, EventTypes.Normal, "Killing", $"Container {c.Name} definition changed, will be restarted");
                _ = running.StopAsync(GracePeriod(pod, forDeletion: false), CancellationToken.None);
            }
        }
    }

    private ContainerLogWriter OpenLog(ContainerRecord c)
    {
        var directory = ContainerLogPaths.ContainerDirectory(PodDirectory, c.Name);
        var path = ContainerLogPaths.RunFile(directory, c.RestartCount);
        c.Log?.Dispose();
        c.Log = new ContainerLogWriter(path, _ctx.Options.ContainerLogMaxBytes, _ctx.Time);

        // Keep this run and the one before it (for --previous); older runs go.
        for (var older = c.RestartCount - 2; older >= 0; older--)
        {
            var file = ContainerLogPaths.RunFile(directory, older);
            if (!File.Exists(file) && !File.Exists(ContainerLogPaths.RotatedFile(file)))
            {
                break;
            }

            File.Delete(file);
            File.Delete(ContainerLogPaths.RotatedFile(file));
        }

        return c.Log;
    }

    private void RecordContainerEvent(V1Pod pod, ContainerRecord c, string type, string reason, string message)
    {
        var reference = ObjectReferences.For(pod);
        reference.FieldPath = c.FieldPath;
        _ctx.Events.Record(reference, type, reason, message);
    }

    /// <summary>upstream's format.Pod: NAME_NAMESPACE(UID).</summary>
    private string PodDescription(V1Pod pod) => $"{Name}_{Namespace}({pod.Metadata.Uid})";

    private static KeyValuePair<string, string> SplitEnv(string entry)
    {
        var eq = entry.IndexOf('=', StringComparison.Ordinal);
        return eq < 0 ? new(entry, "") : new(entry[..eq], entry[(eq + 1)..]);
    }
}
