namespace Everynode.Controllers.Shared;

/// <summary>
/// The outcome of claiming objects (pods, ReplicaSets, ControllerRevisions) for a controller: those it already owns
/// and still selects, orphans to adopt, and owned ones to release. The claimed set is <see cref="Owned"/> plus every
/// successful adoption.
/// </summary>
public sealed record ClaimPlan<T>(IReadOnlyList<T> Owned, IReadOnlyList<T> ToAdopt, IReadOnlyList<T> ToRelease);
