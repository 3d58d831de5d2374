namespace Everynode.Scheduler.Framework;

/// <summary>
/// Why each node was rejected (upstream framework.NodeToStatus): statuses for the nodes that were looked at, and
/// one status standing for every node that was not (the ones a pre-filter ruled out).
/// </summary>
internal sealed class NodeToStatus
{
    private readonly Dictionary<string, Status> _explicit = new(StringComparer.Ordinal);

    public NodeToStatus(Status absentNodesStatus) => AbsentNodesStatus = absentNodesStatus;

    public Status AbsentNodesStatus { get; set; }

    public IReadOnlyDictionary<string, Status> Explicit => _explicit;

    public int Count => _explicit.Count;

    public void Set(string nodeName, Status status) => _explicit[nodeName] = status;

    public Status Get(string nodeName) => _explicit.GetValueOrDefault(nodeName) ?? AbsentNodesStatus;
}
