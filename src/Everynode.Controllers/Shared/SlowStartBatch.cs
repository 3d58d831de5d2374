namespace Everynode.Controllers.Shared;

/// <summary>
/// Upstream's slow start for a burst of creates (DaemonSet syncNodes, ReplicaSet manageReplicas): batches of 1, 2,
/// 4, … so a create that keeps failing (a quota, a webhook) costs a few calls, not the whole burst.
/// </summary>
public static class SlowStartBatch
{
    /// <summary>The first batch; each following batch doubles (upstream's SlowStartInitialBatchSize).</summary>
    public const int InitialBatchSize = 1;

    /// <summary>1, 2, 4, … starting from <see cref="InitialBatchSize"/>, summing exactly to <paramref name="count"/>.</summary>
    public static IReadOnlyList<int> Sizes(int count)
    {
        var sizes = new List<int>();
        for (int pos = 0, size = Math.Min(count, InitialBatchSize);
             pos < count;
             pos += size, size = Math.Min(2 * size, count - pos))
        {
            sizes.Add(size);
        }

        return sizes;
    }
}
