using Everynode.Agent.Runtime;

namespace Everynode.Agent.Pods;

/// <summary>One finished run of a container: how it ended, when it started, which container it was.</summary>
internal sealed record TerminatedRun(ContainerExit Exit, DateTimeOffset StartedAt, string? ContainerId);
