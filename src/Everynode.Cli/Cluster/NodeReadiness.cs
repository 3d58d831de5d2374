using k8s.Models;

namespace Everynode.Cli.Cluster;

/// <summary>A Node's Ready condition: whether it is True, and when the agent last reported it.</summary>
internal sealed record NodeReadiness(bool Ready, DateTimeOffset? LastHeartbeat)
{
    public static NodeReadiness Of(V1Node node)
    {
        var condition = node.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready");
        DateTimeOffset? heartbeat = condition?.LastHeartbeatTime is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null;
        return new NodeReadiness(condition?.Status == "True", heartbeat);
    }

    /// <summary>
    /// Ready, as reported by an agent started at <paramref name="agentStartedAt"/> or later: a Node keeps the
    /// status its previous agent wrote while the cluster was down, and that one proves nothing about the new agent.
    /// Condition times have whole seconds, so the start is rounded down to its second.
    /// </summary>
    public bool IsReadySince(DateTimeOffset? agentStartedAt)
    {
        if (!Ready)
        {
            return false;
        }

        if (agentStartedAt is not { } started)
        {
            return true;
        }

        var second = new DateTimeOffset(started.UtcTicks - (started.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        return LastHeartbeat >= second;
    }
}
