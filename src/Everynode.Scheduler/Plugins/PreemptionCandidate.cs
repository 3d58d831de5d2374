using Everynode.Api.Scheduling;

namespace Everynode.Scheduler.Plugins;

/// <summary>A node where the pod would fit once the victims, all of lower priority, are gone.</summary>
internal sealed record PreemptionCandidate(string NodeName, IReadOnlyList<PodInfo> Victims);
