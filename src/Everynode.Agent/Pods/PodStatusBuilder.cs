using Everynode.Api.Resources;
using k8s.Models;

namespace Everynode.Agent.Pods;

/// <summary>
/// The pod status a kubelet would report, computed from what the agent knows of the pod's containers. Pure:
/// the same input gives the same status, so the worker writes only when something really changed.
/// Phase follows upstream's getPhase; conditions are upstream's (PodReadyToStartContainers, Initialized, Ready,
/// ContainersReady, PodScheduled) with transition times kept while a condition's status does not change.
/// </summary>
internal static class PodStatusBuilder
{
    public const string ContainerIdScheme = "everynode://";

    public static V1PodStatus Build(PodStatusInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var pod = input.Pod;
        var initDone = input.Init.All(c => c.Succeeded);
        var initStatuses = input.Init.Select(c => ContainerStatus(c, pod, "PodInitializing")).ToList();
        var appStatuses = input.App.Select(c => ContainerStatus(c, pod, initDone ? "ContainerCreating" : "PodInitializing")).ToList();
        var phase = Phase(pod.Spec?.RestartPolicy ?? "Always", initStatuses, appStatuses);
        var previous = input.PreviousConditions ?? pod.Status?.Conditions;
        var now = MetaTime.From(input.Now);

        var unready = input.App.Where(c => !c.Ready).Select(c => c.Name).ToList();
        var incompleteInit = input.Init.Where(c => !c.Succeeded).Select(c => c.Name).ToList();
        var completed = phase == "Succeeded";
        var conditions = new List<V1PodCondition>
        {
            Condition("PodReadyToStartContainers", input.SandboxReady, null, null, previous, now),
            incompleteInit.Count == 0
                ? Condition("Initialized", true, null, null, previous, now)
                : Condition("Initialized", false, "ContainersNotInitialized", $"containers with incomplete status: [{string.Join(' ', incompleteInit)}]", previous, now),
        };
        var (readyReason, readyMessage) = completed
            ? ("PodCompleted", (string?)null)
            : ("ContainersNotReady", $"containers with unready status: [{string.Join(' ', unready)}]");
        var ready = unready.Count == 0 && !completed && phase != "Failed";
        conditions.Add(Condition("Ready", ready, ready ? null : readyReason, ready ? null : readyMessage, previous, now));
        conditions.Add(Condition("ContainersReady", ready, ready ? null : readyReason, ready ? null : readyMessage, previous, now));
        conditions.Add(previous?.FirstOrDefault(c => c.Type == "PodScheduled") ?? Condition("PodScheduled", true, null, null, previous, now));

        return new V1PodStatus
        {
            Phase = phase,
            Conditions = conditions,
            HostIP = input.HostIP,
            HostIPs = [new V1HostIP { Ip = input.HostIP }],
            PodIP = input.HostIP,
            PodIPs = [new V1PodIP { Ip = input.HostIP }],
            StartTime = input.StartTime is { } start ? MetaTime.From(start) : null,
            InitContainerStatuses = initStatuses.Count == 0 ? null : initStatuses,
            ContainerStatuses = appStatuses,
            QosClass = pod.Status?.QosClass,
        };
    }

    /// <summary>The status of a pod the agent refused to run (upstream's rejectPod).</summary>
    public static V1PodStatus Rejected(V1Pod pod, string reason, string message) => new()
    {
        Phase = "Failed",
        Reason = reason,
        Message = "Pod was rejected: " + message,
        Conditions = pod.Status?.Conditions?.Where(c => c.Type == "PodScheduled").ToList(),
        QosClass = pod.Status?.QosClass,
    };

    /// <summary>upstream's getPhase over the container statuses.</summary>
    public static string Phase(string restartPolicy, IReadOnlyList<V1ContainerStatus> init, IReadOnlyList<V1ContainerStatus> app)
    {
        int pendingInit = 0, failedInit = 0;
        foreach (var s in init)
        {
            if (s.State?.Running is not null)
            {
                pendingInit++;
            }
            else if (s.State?.Terminated is { } t)
            {
                if (t.ExitCode != 0)
                {
                    failedInit++;
                }
            }
            else if (s.LastState?.Terminated is { } last)
            {
                if (last.ExitCode != 0)
                {
                    failedInit++;
                }
            }
            else
            {
                pendingInit++;
            }
        }

        int running = 0, waiting = 0, stopped = 0, succeeded = 0;
        foreach (var s in app)
        {
            if (s.State?.Running is not null)
            {
                running++;
            }
            else if (s.State?.Terminated is { } t)
            {
                stopped++;
                if (t.ExitCode == 0)
                {
                    succeeded++;
                }
            }
            else if (s.LastState?.Terminated is not null)
            {
                stopped++;
            }
            else
            {
                waiting++;
            }
        }

        if (failedInit > 0 && restartPolicy == "Never")
        {
            return "Failed";
        }

        if (pendingInit > 0 || waiting > 0)
        {
            return "Pending";
        }

        if (running > 0)
        {
            return "Running";
        }

        if (stopped == app.Count && app.Count > 0)
        {
            if (restartPolicy == "Always")
            {
                return "Running";
            }

            if (stopped == succeeded)
            {
                return "Succeeded";
            }

            return restartPolicy == "Never" ? "Failed" : "Running";
        }

        return "Pending";
    }

    private static V1ContainerStatus ContainerStatus(ContainerRecord c, V1Pod pod, string defaultWaitingReason)
    {
        V1ContainerState state;
        TerminatedRun? last;
        if (c.Running is { } running)
        {
            state = new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = MetaTime.From(running.StartedAt) } };
            last = c.LastRun;
        }
        else if (c.WaitingReason is { } reason)
        {
            state = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = reason, Message = c.WaitingMessage } };
            last = c.LastRun;
        }
        else if (c.LastRun is { } ended)
        {
            state = new V1ContainerState { Terminated = Terminated(ended) };
            last = c.RunBefore;
        }
        else
        {
            state = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = defaultWaitingReason } };
            last = null;
        }

        var containerId = c.Running?.Id ?? c.LastRun?.ContainerId;
        return new V1ContainerStatus
        {
            Name = c.Name,
            Image = c.Spec.Image ?? "",
            ImageID = c.ImageId ?? "",
            ContainerID = containerId is null ? null : ContainerIdScheme + containerId,
            Ready = c.Ready,
            Started = c.Started,
            RestartCount = c.RestartCount,
            State = state,
            LastState = last is null ? new V1ContainerState() : new V1ContainerState { Terminated = Terminated(last) },
        };
    }

    private static V1ContainerStateTerminated Terminated(TerminatedRun run) => new()
    {
        ExitCode = run.Exit.ExitCode,
        Signal = run.Exit.Signal == 0 ? null : run.Exit.Signal,
        Reason = run.Exit.Reason,
        Message = run.Exit.Message,
        StartedAt = MetaTime.From(run.StartedAt),
        FinishedAt = MetaTime.From(run.Exit.FinishedAt),
        ContainerID = run.ContainerId is null ? null : ContainerIdScheme + run.ContainerId,
    };

    private static V1PodCondition Condition(string type, bool isTrue, string? reason, string? message, IList<V1PodCondition>? previous, DateTime now)
    {
        var status = isTrue ? "True" : "False";
        var before = previous?.FirstOrDefault(c => c.Type == type);
        return new V1PodCondition
        {
            Type = type,
            Status = status,
            Reason = reason,
            Message = message,
            LastTransitionTime = before is not null && before.Status == status && before.LastTransitionTime is { } t ? t : now,
        };
    }
}
