using k8s.Models;

namespace Everynode.Controllers.DaemonSets;

/// <summary>
/// What constructHistory must do before any pod work. Carry it out in this order: update
/// <see cref="RevisionsToLabel"/>; then either create <see cref="Current"/> (when <see cref="CreateCurrent"/>;
/// on AlreadyExists see <see cref="DaemonSetHistory.IsHashCollision"/>) or relabel <see cref="PodsToRelabel"/>,
/// delete <see cref="DuplicatesToDelete"/> and, when <see cref="UpdateCurrentRevision"/>, update
/// <see cref="Current"/> (its revision already raised to <see cref="NextRevision"/>).
/// All revisions in the plan are copies; cached objects are untouched.
/// </summary>
public sealed record ConstructHistoryPlan(
    IReadOnlyList<V1ControllerRevision> RevisionsToLabel,
    V1ControllerRevision Current,
    bool CreateCurrent,
    bool UpdateCurrentRevision,
    IReadOnlyList<string> DuplicatesToDelete,
    IReadOnlyList<string> PodsToRelabel,
    IReadOnlyList<V1ControllerRevision> Old,
    long NextRevision)
{
    /// <summary>The hash every daemon pod of the current template carries.</summary>
    public string CurrentHash =>
        Current.Metadata?.Labels?.TryGetValue(DaemonSetLabels.ControllerRevisionHash, out var hash) == true ? hash : string.Empty;
}
