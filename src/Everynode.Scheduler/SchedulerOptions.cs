namespace Everynode.Scheduler;

/// <summary>
/// The scheduler's settings, with upstream's defaults (KubeSchedulerConfiguration podInitialBackoffSeconds=1,
/// podMaxBackoffSeconds=10; pods stuck unschedulable are retried after 5 minutes even without an event, checked
/// every 30 seconds).
/// </summary>
public sealed record SchedulerOptions
{
    /// <summary>The <c>spec.schedulerName</c> of the pods this scheduler places (upstream's profile name).</summary>
    public string SchedulerName { get; init; } = "default-scheduler";

    /// <summary>
    /// How many bindings (and status writes) may be in flight at once. The scheduling cycle itself is serial, as
    /// upstream's is: every decision must see the pods assumed by the decisions before it.
    /// </summary>
    public int ParallelBinds { get; init; } = 64;

    public TimeSpan PodInitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan PodMaxBackoff { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan PodMaxInUnschedulablePodsDuration { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How often pods that waited too long in unschedulable are looked for (upstream: every 30 s).</summary>
    public TimeSpan UnschedulableFlushInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Throws when the settings contradict each other, as upstream's configuration validation does.</summary>
    public SchedulerOptions Validate()
    {
        if (string.IsNullOrWhiteSpace(SchedulerName))
        {
            throw new ArgumentException("schedulerName must not be empty", nameof(SchedulerName));
        }

        if (ParallelBinds < 1)
        {
            throw new ArgumentException("parallelBinds must be at least 1", nameof(ParallelBinds));
        }

        if (PodInitialBackoff <= TimeSpan.Zero)
        {
            throw new ArgumentException("podInitialBackoffSeconds must be greater than 0", nameof(PodInitialBackoff));
        }

        if (PodMaxBackoff < PodInitialBackoff)
        {
            throw new ArgumentException("podMaxBackoffSeconds must be greater than or equal to podInitialBackoffSeconds", nameof(PodMaxBackoff));
        }

        if (UnschedulableFlushInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException("the unschedulable flush interval must be greater than 0", nameof(UnschedulableFlushInterval));
        }

        return this;
    }
}
