using Everynode.Agent.Logs;
using Everynode.Agent.Runtime;
using k8s.Models;

namespace Everynode.Agent.Pods;

/// <summary>
/// What the agent knows of one container of a pod across its runs: the running instance, the last two exits,
/// why it is waiting, probe results. Owned by its pod worker's loop; the probe workers only set the probe fields
/// (volatile) and wake the loop. <see cref="PodStatusBuilder"/> reads it.
/// </summary>
internal sealed class ContainerRecord
{
    public ContainerRecord(V1Container spec, bool isInit)
    {
        Spec = spec;
        IsInit = isInit;
    }

    public V1Container Spec { get; set; }

    public string Name => Spec.Name;

    public bool IsInit { get; }

    /// <summary>The running instance, or null.</summary>
    public IRunningContainer? Running { get; set; }

    /// <summary>The output of the current (or last) run.</summary>
    public ContainerLogWriter? Log { get; set; }

    /// <summary>How many times the container was restarted (upstream's restartCount).</summary>
    public int RestartCount { get; set; }

    /// <summary>True once the container was started at least once (by this agent or, before a restart, by another run).</summary>
    public bool EverStarted { get; set; }

    /// <summary>The last run that ended (shown as state terminated, or as lastState while waiting to restart).</summary>
    public TerminatedRun? LastRun { get; set; }

    /// <summary>The run before <see cref="LastRun"/> (lastState of a container that will not restart).</summary>
    public TerminatedRun? RunBefore { get; set; }

    /// <summary>When the last run started.</summary>
    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>Why the container is waiting (ContainerCreating, CrashLoopBackOff, ErrImagePull, …), or null.</summary>
    public string? WaitingReason { get; set; }

    public string? WaitingMessage { get; set; }

    /// <summary>The last image pull error and when it happened (for ImagePullBackOff's message).</summary>
    public string? PullError { get; set; }

    public DateTimeOffset? PullFailedAt { get; set; }

    public string? ImageId { get; set; }

    /// <summary>True when the container has ended and will not run again (its pod's restart policy says so).</summary>
    public bool Finished { get; set; }

    /// <summary>Set while a stop requested by the agent (liveness failure) is under way.</summary>
    public bool Stopping { get; set; }

    /// <summary>The probes of the current run, or null.</summary>
    public Probes.ContainerProbes? Probes { get; set; }

    /// <summary>
    /// Readiness decided without running probes: a simulated node models a readiness probe's timing (ready once its
    /// initial delay has passed) instead of probing. Null: from <see cref="Probes"/>.
    /// </summary>
    public bool? SimulatedReady { get; set; }

    /// <summary>The readiness result (true without a readiness probe once started).</summary>
    public bool Ready => Running is not null && (SimulatedReady ?? (Probes is not { } p || p.Ready));

    /// <summary>The startup result (true without a startup probe while running).</summary>
    public bool Started => Running is not null && (Probes?.Started ?? true);

    /// <summary>True when an init container has completed successfully.</summary>
    public bool Succeeded => Running is null && LastRun is { Exit.ExitCode: 0 };

    /// <summary>Records the end of the current run.</summary>
    public void Ended(TerminatedRun run)
    {
        RunBefore = LastRun;
        LastRun = run;
        Running = null;
    }

    public string FieldPath => IsInit ? $"spec.initContainers{{{Name}}}" : $"spec.containers{{{Name}}}";
}
