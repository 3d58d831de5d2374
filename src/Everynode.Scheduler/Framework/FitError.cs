namespace Everynode.Scheduler.Framework;

/// <summary>
/// Why a pod fits no node (upstream framework.FitError). NumAllNodes counts every node in the snapshot, not just
/// the ones a pre-filter let through. PreFilterMessage is set when a pre-filter rejected the pod outright, and
/// then replaces the per-node histogram; PostFilterMessage is what preemption had to say ("preemption: ...").
/// </summary>
internal sealed record FitError(int NumAllNodes, NodeToStatus NodeToStatus, string PreFilterMessage = "", string PostFilterMessage = "")
{
    /// <summary>
    /// The FailedScheduling message as v1.32 formats it: "0/N nodes are available: " then the pre-filter message
    /// or the histogram "count reason" of every reason on every node (nodes not looked at count with the absent
    /// status), sorted as plain strings (so "10 x" comes before "2 y"), joined with ", " and ended with ".";
    /// then " " and the post-filter message, which carries its own final period (since v1.30; before, a second
    /// period was added).
    /// </summary>
    public string Message
    {
        get
        {
            var message = $"0/{NumAllNodes} nodes are available:";
            if (PreFilterMessage.Length > 0)
            {
                message += $" {PreFilterMessage}.";
            }
            else
            {
                var histogram = Histogram();
                if (histogram.Count > 0)
                {
                    message += $" {string.Join(", ", histogram)}.";
                }
            }

            return PostFilterMessage.Length > 0 ? $"{message} {PostFilterMessage}" : message;
        }
    }

    private List<string> Histogram()
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var status in NodeToStatus.Explicit.Values)
        {
            foreach (var reason in status.Reasons)
            {
                counts[reason] = counts.GetValueOrDefault(reason) + 1;
            }
        }

        var absent = NumAllNodes - NodeToStatus.Count;
        if (absent > 0)
        {
            foreach (var reason in NodeToStatus.AbsentNodesStatus.Reasons)
            {
                counts[reason] = counts.GetValueOrDefault(reason) + absent;
            }
        }

        return counts.Select(c => $"{c.Value} {c.Key}").Order(StringComparer.Ordinal).ToList();
    }
}
