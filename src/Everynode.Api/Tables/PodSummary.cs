using System.Globalization;
using k8s.Models;

namespace Everynode.Api.Tables;

/// <summary>
/// What <c>kubectl get pods</c> shows of a pod's state: ready and total containers, the STATUS word and the
/// restart count with the time of the last restart. Upstream's <c>printPod</c> derivation (v1.32), including
/// sidecars (init containers with <c>restartPolicy: Always</c>).
/// </summary>
/// <remarks>
/// STATUS, later rules winning: phase; <c>status.reason</c>; <c>SchedulingGated</c>; the first init container
/// that has not succeeded (<c>Init:Reason</c>, <c>Init:Signal:N</c>, <c>Init:ExitCode:N</c>, <c>Init:i/n</c>);
/// once initialized, the containers from last to first, so the first container's waiting or terminated reason
/// wins (<c>Signal:N</c>, <c>ExitCode:N</c> without one); <c>Completed</c> with a running ready container turns
/// back into <c>Running</c> or <c>NotReady</c>; a pod being deleted is <c>Unknown</c> if its node was lost and
/// <c>Terminating</c> unless it already finished.
/// </remarks>
public sealed record PodSummary(int ReadyContainers, int TotalContainers, string Status, int Restarts, DateTime? LastRestart)
{
    private const string NodeUnreachablePodReason = "NodeLost";

    public static PodSummary Of(V1Pod pod)
    {
        var spec = pod.Spec ?? new V1PodSpec();
        var status = pod.Status ?? new V1PodStatus();
        var phase = status.Phase ?? "";
        var reason = string.IsNullOrEmpty(status.Reason) ? phase : status.Reason;
        var conditions = status.Conditions ?? [];
        foreach (var c in conditions)
        {
            if (c.Type == "PodScheduled" && c.Reason == "SchedulingGated")
            {
                reason = "SchedulingGated";
            }
        }

        var initSpecs = new Dictionary<string, V1Container>(StringComparer.Ordinal);
        var total = spec.Containers?.Count ?? 0;
        foreach (var c in spec.InitContainers ?? [])
        {
            initSpecs[c.Name] = c;
            if (IsRestartable(c))
            {
                total++;
            }
        }

        var ready = 0;
        var restarts = 0;
        var sidecarRestarts = 0;
        DateTime? lastRestart = null;
        DateTime? lastSidecarRestart = null;
        var initializing = false;
        var initStatuses = status.InitContainerStatuses ?? [];
        for (var i = 0; i < initStatuses.Count; i++)
        {
            var container = initStatuses[i];
            restarts += container.RestartCount;
            lastRestart = Later(lastRestart, container.LastState?.Terminated?.FinishedAt);
            var restartable = initSpecs.TryGetValue(container.Name, out var initSpec) && IsRestartable(initSpec);
            if (restartable)
            {
                sidecarRestarts += container.RestartCount;
                lastSidecarRestart = Later(lastSidecarRestart, container.LastState?.Terminated?.FinishedAt);
            }

            var terminated = container.State?.Terminated;
            var waiting = container.State?.Waiting;
            if (terminated is not null && terminated.ExitCode == 0)
            {
                continue;
            }

            if (restartable && container.Started == true)
            {
                if (container.Ready)
                {
                    ready++;
                }

                continue;
            }

            if (terminated is not null)
            {
                reason = !string.IsNullOrEmpty(terminated.Reason) ? "Init:" + terminated.Reason
                    : terminated.Signal is { } signal && signal != 0 ? Invariant($"Init:Signal:{signal}")
                    : Invariant($"Init:ExitCode:{terminated.ExitCode}");
            }
            else if (waiting is not null && !string.IsNullOrEmpty(waiting.Reason) && waiting.Reason != "PodInitializing")
            {
                reason = "Init:" + waiting.Reason;
            }
            else
            {
                reason = Invariant($"Init:{i}/{spec.InitContainers?.Count ?? 0}");
            }

            initializing = true;
            break;
        }

        if (!initializing || IsConditionTrue(conditions, "Initialized"))
        {
            restarts = sidecarRestarts;
            lastRestart = lastSidecarRestart;
            var hasRunning = false;
            var statuses = status.ContainerStatuses ?? [];
            for (var i = statuses.Count - 1; i >= 0; i--)
            {
                var container = statuses[i];
                restarts += container.RestartCount;
                lastRestart = Later(lastRestart, container.LastState?.Terminated?.FinishedAt);
                var waiting = container.State?.Waiting;
                var terminated = container.State?.Terminated;
                if (!string.IsNullOrEmpty(waiting?.Reason))
                {
                    reason = waiting.Reason;
                }
                else if (terminated is not null)
                {
                    reason = !string.IsNullOrEmpty(terminated.Reason) ? terminated.Reason
                        : terminated.Signal is { } signal && signal != 0 ? Invariant($"Signal:{signal}")
                        : Invariant($"ExitCode:{terminated.ExitCode}");
                }
                else if (container.Ready && container.State?.Running is not null)
                {
                    hasRunning = true;
                    ready++;
                }
            }

            // A pod with a container still running is not "Completed".
            if (reason == "Completed" && hasRunning)
            {
                reason = IsConditionTrue(conditions, "Ready") ? "Running" : "NotReady";
            }
        }

        if (pod.Metadata?.DeletionTimestamp is not null && status.Reason == NodeUnreachablePodReason)
        {
            reason = "Unknown";
        }
        else if (pod.Metadata?.DeletionTimestamp is not null && phase is not ("Succeeded" or "Failed"))
        {
            reason = "Terminating";
        }

        return new PodSummary(ready, total, reason, restarts, lastRestart);
    }

    /// <summary>The RESTARTS cell: <c>N</c>, or <c>N (age ago)</c> when a container has restarted.</summary>
    public string RestartsCell(DateTime now) =>
        Restarts != 0 && LastRestart is { } last && last != default
            ? Invariant($"{Restarts} ({HumanDuration.Since(last, now)} ago)")
            : Restarts.ToString(CultureInfo.InvariantCulture);

    private static bool IsRestartable(V1Container c) => c.RestartPolicy == "Always";

    /// <summary>Upstream looks at the first condition of the type only.</summary>
    private static bool IsConditionTrue(IList<V1PodCondition> conditions, string type) =>
        conditions.FirstOrDefault(c => c.Type == type) is { } c && c.Status == "True";

    private static DateTime? Later(DateTime? current, DateTime? candidate) =>
        candidate is { } c && (current is not { } cur || c > cur) ? c : current;

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
