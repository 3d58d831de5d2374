using Everynode.Api.Resources;
using k8s.Models;

namespace Everynode.Controllers.NodeLifecycle;

/// <summary>Pure decisions about node health: when a heartbeat counts, and which conditions go Unknown.</summary>
public static class NodeHealthPlanner
{
    public const string NeverUpdatedReason = "NodeStatusNeverUpdated";
    public const string NeverUpdatedMessage = "Kubelet never posted node status.";
    public const string UnknownReason = "NodeStatusUnknown";
    public const string UnknownMessage = "Kubelet stopped posting node status.";

    /// <summary>
    /// The node's health after observing it at <paramref name="now"/>: a node seen for the first time starts its
    /// grace period now (or at its creation, if it never posted a Ready condition, as upstream); a changed
    /// Ready heartbeat or Lease renewTime moves the probe time to now; otherwise the previous probe time stands.
    /// </summary>
    public static NodeHealth Observe(NodeHealth? previous, V1Node node, V1Lease? lease, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(node);
        var heartbeat = NodeConditions.Get(node, NodeConditions.Ready)?.LastHeartbeatTime;
        var renew = lease?.Spec?.RenewTime;
        if (previous is null)
        {
            var start = NodeConditions.Get(node, NodeConditions.Ready) is null && node.Metadata.CreationTimestamp is { } created
                ? new DateTimeOffset(DateTime.SpecifyKind(created, DateTimeKind.Utc))
                : now;
            return new NodeHealth(heartbeat, renew, start);
        }

        var probe = previous.ProbeTime;
        if (heartbeat != previous.LastHeartbeatTime && heartbeat is not null)
        {
            probe = now;
        }

        if (renew is not null && (previous.LeaseRenewTime is null || renew > previous.LeaseRenewTime))
        {
            probe = now;
        }

        return new NodeHealth(heartbeat, renew, probe);
    }

    /// <summary>Whether the node has been silent for longer than the grace period.</summary>
    public static bool IsStale(NodeHealth health, DateTimeOffset now, TimeSpan gracePeriod)
    {
        ArgumentNullException.ThrowIfNull(health);
        return now > health.ProbeTime + gracePeriod;
    }

    /// <summary>
    /// The conditions of a silent node (upstream's tryUpdateNodeHealth): every kubelet-owned condition becomes
    /// Unknown, a missing one is added as never updated. Returns null when nothing changes (all already Unknown).
    /// </summary>
    public static IList<V1NodeCondition>? UnknownConditions(V1Node node, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(node);
        var conditions = (node.Status?.Conditions ?? []).Select(Copy).ToList();
        var changed = false;
        foreach (var type in NodeConditions.KubeletOwned)
        {
            var condition = conditions.FirstOrDefault(c => c.Type == type);
            if (condition is null)
            {
                conditions.Add(new V1NodeCondition
                {
                    Type = type,
                    Status = NodeConditions.Unknown,
                    Reason = NeverUpdatedReason,
                    Message = NeverUpdatedMessage,
                    LastHeartbeatTime = node.Metadata.CreationTimestamp,
                    LastTransitionTime = MetaTime.From(now),
                });
                changed = true;
            }
            else if (condition.Status != NodeConditions.Unknown)
            {
                condition.Status = NodeConditions.Unknown;
                condition.Reason = UnknownReason;
                condition.Message = UnknownMessage;
                condition.LastTransitionTime = MetaTime.From(now);
                changed = true;
            }
        }

        return changed ? conditions : null;
    }

    private static V1NodeCondition Copy(V1NodeCondition c) => new()
    {
        Type = c.Type,
        Status = c.Status,
        Reason = c.Reason,
        Message = c.Message,
        LastHeartbeatTime = c.LastHeartbeatTime,
        LastTransitionTime = c.LastTransitionTime,
    };
}
