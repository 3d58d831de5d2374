namespace Everynode.Controllers.DaemonSets;

/// <summary>
/// Why a rolling update cannot go on (see <see cref="DaemonSetRolloutConditions.FindBlockers"/>): the nodes that
/// are not Ready and the new pods that do not become available, each described for a person ("node-a
/// (Ready=Unknown)", "ns/pod on node-b (CrashLoopBackOff)"), and when to look again because a new pod may cross
/// the stall threshold by the clock alone.
/// </summary>
public sealed record RolloutBlockers(IReadOnlyList<string> Nodes, IReadOnlyList<string> NewPods, TimeSpan? RecheckAfter)
{
    public static RolloutBlockers None { get; } = new([], [], null);
}
