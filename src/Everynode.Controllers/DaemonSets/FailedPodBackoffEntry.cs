namespace Everynode.Controllers.DaemonSets;

/// <summary>One key's state in <see cref="FailedPodBackoff"/>: the current delay and when it was last advanced.</summary>
public sealed record FailedPodBackoffEntry(TimeSpan Backoff, DateTimeOffset LastUpdate);
