namespace Everynode.Controllers.Shared;

/// <summary>
/// The creates and deletes one controller object (a DaemonSet, a ReplicaSet) is still waiting to see in its
/// informer (upstream's ControlleeExpectations). Immutable; the controller keeps one per object key and swaps it on
/// each change. Syncs must not create or delete while expectations are unsatisfied, or informer lag yields
/// duplicate pods.
/// </summary>
public sealed record ControllerExpectations(long Add, long Delete, DateTimeOffset Timestamp)
{
    /// <summary>After this long, unfulfilled expectations count as satisfied (a watch event was lost); upstream's ExpectationsTimeout.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    /// <summary>Expect exactly these many creates and deletes from now on.</summary>
    public static ControllerExpectations Set(long add, long delete, DateTimeOffset now) => new(add, delete, now);

    public static ControllerExpectations ExpectCreations(long add, DateTimeOffset now) => new(add, 0, now);

    public static ControllerExpectations ExpectDeletions(long delete, DateTimeOffset now) => new(0, delete, now);

    /// <summary>
    /// Satisfied when there is no record (first sync, or the object was deleted), when everything expected has
    /// been observed, or when the record is older than the timeout (an event was lost; don't wait forever).
    /// </summary>
    public static bool SatisfiedExpectations(ControllerExpectations? expectations, DateTimeOffset now) =>
        expectations is null || expectations.Fulfilled || expectations.IsExpired(now);

    /// <summary>Both counts have dropped to zero or below.</summary>
    public bool Fulfilled => Add <= 0 && Delete <= 0;

    public bool IsExpired(DateTimeOffset now) => now - Timestamp > Timeout;

    /// <summary>How long until <see cref="IsExpired"/> turns true (a moment past the timeout), zero if it has.</summary>
    public TimeSpan UntilExpired(DateTimeOffset now)
    {
        var left = Timestamp + Timeout - now;
        return left < TimeSpan.Zero ? TimeSpan.Zero : left + TimeSpan.FromSeconds(1);
    }

    /// <summary>Fewer expected events, e.g. a create that failed or was never attempted. The timestamp is kept.</summary>
    public ControllerExpectations Lower(long add, long delete) => this with { Add = Add - add, Delete = Delete - delete };

    public ControllerExpectations Raise(long add, long delete) => this with { Add = Add + add, Delete = Delete + delete };

    /// <summary>A pod owned by the controller object appeared (or a create failed).</summary>
    public ControllerExpectations CreationObserved() => Lower(1, 0);

    /// <summary>A pod owned by the controller object disappeared or started deleting (or a delete failed).</summary>
    public ControllerExpectations DeletionObserved() => Lower(0, 1);
}
