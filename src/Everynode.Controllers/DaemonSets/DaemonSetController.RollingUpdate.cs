using k8s.Models;

namespace Everynode.Controllers.DaemonSets;

/// <summary>rollingUpdate: replace pods of older templates within maxUnavailable / maxSurge.</summary>
public sealed partial class DaemonSetController
{
    /// <summary>
    /// Carries out <see cref="DaemonSetRollingUpdate.Plan"/> through syncNodes (same expectations, batches and
    /// events as manage). Only called when manage wrote nothing this sync and nothing is outstanding, so the pods
    /// read at the start of the sync are still what the cluster holds. True when it wrote (or tried to).
    /// </summary>
    private async Task<bool> RollingUpdateAsync(
        string key, V1DaemonSet ds, IReadOnlyList<V1Node> nodes, IReadOnlyList<V1Pod> pods, string hash, CancellationToken ct)
    {
        RollingUpdatePlan plan;
        try
        {
            plan = DaemonSetRollingUpdate.Plan(ds, nodes, NodeToDaemonPods.Group(pods), hash, _time.GetUtcNow());
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException($"couldn't get unavailable numbers: {e.Message}", e);
        }

        if (plan.IsEmpty)
        {
            return false;
        }

        LogRollingUpdate(_logger, key, plan.PodsToDelete.Count, plan.NodesToCreate.Count, plan.MaxUnavailable, plan.MaxSurge);
        await SyncNodesAsync(key, ds, plan.NodesToCreate, plan.PodsToDelete, hash, ct);
        return true;
    }
}
