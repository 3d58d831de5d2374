namespace Everynode.Controllers.PodGC;

/// <summary>
/// Node names seen missing, each with the time its quarantine ends (upstream's nodeQueue.AddAfter). A node's pods are
/// deleted only if it is still missing when its quarantine is over, so that a node informer that lags, or a node that
/// is being re-registered, does not cost its pods.
/// </summary>
internal sealed class NodeQuarantine(TimeSpan quarantineTime)
{
    private readonly Dictionary<string, DateTimeOffset> _until = new(StringComparer.Ordinal);

    public int Count => _until.Count;

    /// <summary>Starts the quarantine of each name not yet in quarantine; one already in keeps its earlier end.</summary>
    public void Add(IEnumerable<string> nodeNames, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(nodeNames);
        foreach (var name in nodeNames)
        {
            _until.TryAdd(name, now + quarantineTime);
        }
    }

    /// <summary>Takes out the names whose quarantine is over.</summary>
    public IReadOnlyList<string> TakeDue(DateTimeOffset now)
    {
        var due = _until.Where(e => e.Value <= now).Select(e => e.Key).ToList();
        foreach (var name in due)
        {
            _until.Remove(name);
        }

        return due;
    }
}
