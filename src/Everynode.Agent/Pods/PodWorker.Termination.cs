using Everynode.Agent.Runtime;
using Everynode.Client.Events;
using k8s.Models;

namespace Everynode.Agent.Pods;

/// <summary>
/// Graceful termination as upstream: each running container gets its preStop exec hook, then SIGTERM, then SIGKILL
/// once the grace period (deletionGracePeriodSeconds, else terminationGracePeriodSeconds, else 30 s) has passed; at
/// least 2 s remain for SIGTERM after a hook. Then the final status is written and the API object deleted with
/// grace period 0, which removes it; the pod's folders (volumes, logs) go with it.
/// </summary>
internal sealed partial class PodWorker
{
    private const int MinimumGraceAfterHookSeconds = 2;

    private async Task TerminateAsync(V1Pod pod, CancellationToken ct)
    {
        var grace = GracePeriod(pod, forDeletion: true);
        await Task.WhenAll(_init.Concat(_app).Where(c => c.Running is not null).Select(c => KillAsync(pod, c, grace, ct)));

        if (!_removed && !IsStatic)
        {
            if (!_terminal)
            {
                var status = BuildStatus(pod);
                await WriteStatusAsync(status, ct);
            }

            await PodWrites.ConfirmDeletionAsync(_ctx.Client, Namespace, Name, Uid, ct);
        }

        _ctx.CrashLoop.ResetPrefix(Uid + "/");
        _ctx.ImagePull.ResetPrefix(Uid + "/");
        try
        {
            if (Directory.Exists(PodDirectory))
            {
                Directory.Delete(PodDirectory, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _ctx.Logger.LogPodCleanupFailed(Namespace, Name, e.Message);
        }
    }

    private async Task KillAsync(V1Pod pod, ContainerRecord c, TimeSpan grace, CancellationToken ct)
    {
        if (c.Running is not { } running)
        {
            return;
        }

        RecordContainerEvent(pod, c, EventTypes.Normal, "Killing", $"Stopping container {c.Name}");
        if (c.Probes is { } probes)
        {
            c.Probes = null;
            await probes.DisposeAsync();
        }

        var deadline = _ctx.Time.GetUtcNow() + grace;
        if (c.Spec.Lifecycle?.PreStop?.Exec?.Command is { Count: > 0 } hook && grace > TimeSpan.Zero && !running.Exited.IsCompleted)
        {
            var result = await running.ExecAsync([.. hook], grace, ct);
            if (result.ExitCode != 0 || result.TimedOut)
            {
                var message = result.TimedOut ? "PreStop hook timed out" : $"PreStop hook failed with exit code {result.ExitCode}: {result.Output.TrimEnd()}";
                RecordContainerEvent(pod, c, EventTypes.Warning, "FailedPreStopHook", message);
            }
        }

        var remaining = grace <= TimeSpan.Zero ? TimeSpan.Zero : deadline - _ctx.Time.GetUtcNow();
        if (grace > TimeSpan.Zero && remaining < TimeSpan.FromSeconds(MinimumGraceAfterHookSeconds))
        {
            remaining = TimeSpan.FromSeconds(MinimumGraceAfterHookSeconds);
        }

        ContainerExit exit;
        try
        {
            exit = await running.StopAsync(remaining, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            exit = new ContainerExit(137, 9, _ctx.Time.GetUtcNow(), "Error", e.Message);
        }

        await ReleaseAsync(c, running, exit);
        c.Finished = true;
    }

    private static TimeSpan GracePeriod(V1Pod pod, bool forDeletion)
    {
        var seconds = forDeletion && pod.Metadata.DeletionGracePeriodSeconds is { } d ? d : pod.Spec?.TerminationGracePeriodSeconds ?? 30;
        return TimeSpan.FromSeconds(Math.Max(0, seconds));
    }
}
