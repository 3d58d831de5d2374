namespace Everynode.Scheduler.Queue;

/// <summary>
/// The order pods leave the active queue (upstream PrioritySort): higher priority first, then the one that entered
/// the queue first; the key makes the order total. Only used while a pod's priority and timestamp cannot change.
/// </summary>
internal sealed class ActiveOrder : IComparer<QueuedPodInfo>
{
    public static ActiveOrder Instance { get; } = new();

    public int Compare(QueuedPodInfo? x, QueuedPodInfo? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }

        var byPriority = y.Priority.CompareTo(x.Priority);
        if (byPriority != 0)
        {
            return byPriority;
        }

        var byTime = x.Timestamp.CompareTo(y.Timestamp);
        return byTime != 0 ? byTime : string.CompareOrdinal(x.Key, y.Key);
    }
}
