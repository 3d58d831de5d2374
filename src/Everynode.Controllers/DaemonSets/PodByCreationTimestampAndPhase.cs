using k8s.Models;

namespace Everynode.Controllers.DaemonSets;

/// <summary>
/// The order in which the controller prefers the daemon pods of one node: bound pods (spec.nodeName set) first,
/// then the oldest, then by name. The first pod is the one that is kept and the one status counts.
/// </summary>
public sealed class PodByCreationTimestampAndPhase : IComparer<V1Pod>
{
    public static PodByCreationTimestampAndPhase Instance { get; } = new();

    public int Compare(V1Pod? x, V1Pod? y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var xBound = !string.IsNullOrEmpty(x.Spec?.NodeName);
        var yBound = !string.IsNullOrEmpty(y.Spec?.NodeName);
        if (xBound != yBound)
        {
            return xBound ? -1 : 1;
        }

        var xCreated = x.Metadata?.CreationTimestamp ?? DateTime.MinValue;
        var yCreated = y.Metadata?.CreationTimestamp ?? DateTime.MinValue;
        return xCreated != yCreated
            ? xCreated.CompareTo(yCreated)
            : string.CompareOrdinal(x.Metadata?.Name, y.Metadata?.Name);
    }

    /// <summary>The pods in this order (a new list; the input is not reordered).</summary>
    public static List<V1Pod> Sort(IEnumerable<V1Pod> pods) => [.. pods.Order(Instance)];
}
