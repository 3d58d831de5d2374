namespace Everynode.Scheduler;

/// <summary>
/// The scheduler's settings, with upstream's defaults (KubeSchedulerConfiguration podInitialBackoffSeconds=1,
/// podMaxBackoffSeconds=10; pods stuck unschedulable are retried after 5 minutes even without an event).
/// </summary>
internal sealed record SchedulerOptions
{
    public TimeSpan PodInitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan PodMaxBackoff { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan PodMaxInUnschedulablePodsDuration { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Throws when the settings contradict each other, as upstream's configuration validation does.</summary>
    public SchedulerOptions Validate()
    {
        if (PodInitialBackoff <= TimeSpan.Zero)
        {
            throw new ArgumentException("podInitialBackoffSeconds must be greater than 0", nameof(PodInitialBackoff));
        }

        if (PodMaxBackoff < PodInitialBackoff)
        {
            throw new ArgumentException("podMaxBackoffSeconds must be greater than or equal to podInitialBackoffSeconds", nameof(PodMaxBackoff));
        }

        return this;
    }
}
