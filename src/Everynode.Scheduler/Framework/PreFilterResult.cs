namespace Everynode.Scheduler.Framework;

/// <summary>
/// A pre-filter's verdict: a status (a failure rejects the pod on every node without running filters) and,
/// optionally, the only node names worth filtering (null means all nodes).
/// </summary>
internal sealed record PreFilterResult(Status Status, IReadOnlySet<string>? NodeNames = null)
{
    public static PreFilterResult AllNodes { get; } = new(Status.Success);
}
