using Everynode.Controllers.Shared;

namespace Everynode.Controllers.DaemonSets;

/// <summary>
/// Upstream's syncNodes as a plan: at most <c>burstReplicas</c> creates and deletes per sync, creates issued in
/// slow-start batches (1, 2, 4, … the last batch takes what remains), and the expectations to record before any
/// call is made.
/// </summary>
/// <remarks>
/// Invariants: the batches partition <see cref="NodesToCreate"/> in order; each batch is at most twice the previous
/// one; <see cref="Expectations"/> expects exactly <see cref="NodesToCreate"/>.Count creates and
/// <see cref="PodsToDelete"/>.Count deletes. If a batch has any failure the rest are not attempted, and
/// <see cref="SkippedCreatesAfter"/> says by how much to lower the expected creates.
/// </remarks>
public sealed record SyncNodesPlan(
    IReadOnlyList<string> NodesToCreate,
    IReadOnlyList<IReadOnlyList<string>> CreateBatches,
    IReadOnlyList<string> PodsToDelete)
{
    public static SyncNodesPlan Create(
        IReadOnlyList<string> nodesNeedingDaemonPods,
        IReadOnlyList<string> podsToDelete,
        int burstReplicas = DaemonSetControllerDefaults.BurstReplicas)
    {
        ArgumentNullException.ThrowIfNull(nodesNeedingDaemonPods);
        ArgumentNullException.ThrowIfNull(podsToDelete);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(burstReplicas);
        var creates = nodesNeedingDaemonPods.Take(burstReplicas).ToList();
        var deletes = podsToDelete.Take(burstReplicas).ToList();
        var batches = SlowStartBatch.Sizes(creates.Count)
            .Select((size, i) => (IReadOnlyList<string>)creates.Skip(Offset(creates.Count, i)).Take(size).ToList())
            .ToList();
        return new SyncNodesPlan(creates, batches, deletes);
    }

    /// <summary>The expectations to set before issuing the calls.</summary>
    public ControllerExpectations Expectations(DateTimeOffset now) =>
        ControllerExpectations.Set(NodesToCreate.Count, PodsToDelete.Count, now);

    /// <summary>Creates never attempted when batch <paramref name="batchIndex"/> was the last one tried.</summary>
    public int SkippedCreatesAfter(int batchIndex) =>
        NodesToCreate.Count - CreateBatches.Take(batchIndex + 1).Sum(batch => batch.Count);

    private static int Offset(int count, int batchIndex) => SlowStartBatch.Sizes(count).Take(batchIndex).Sum();
}
