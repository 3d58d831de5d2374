using Everynode.Client.Informers;
using k8s.Models;

namespace Everynode.Controllers.Deployments;

/// <summary>The strategies: RollingUpdate (rolling.go), Recreate (recreate.go), and scaling without a rollout (sync.go).</summary>
public sealed partial class DeploymentController
{
    /// <summary>
    /// One RollingUpdate step: grow (or shrink) the new ReplicaSet within maxSurge; else shrink old ones within
    /// maxUnavailable; once complete, prune history. The status is written in every case.
    /// </summary>
    private async Task RolloutRollingAsync(DeploymentSync sync, CancellationToken ct)
    {
        await SyncNewReplicaSetAsync(sync, createIfMissing: true, ct);
        var newRs = sync.New;
        if (newRs is not null && DeploymentRollout.ReconcileNewReplicaSet(sync.Deployment, sync.All, newRs) is { } target)
        {
            await ScaleReplicaSetAsync(sync, newRs, target, ct);
            await SyncRolloutStatusAsync(sync, ct);
            return;
        }

        var scales = DeploymentRollout.ReconcileOldReplicaSets(sync.Deployment, sync.All, sync.Old, newRs);
        if (scales.Count > 0)
        {
            foreach (var scale in scales)
            {
                await ScaleReplicaSetAsync(sync, scale.ReplicaSet, scale.Replicas, ct);
            }

            await SyncRolloutStatusAsync(sync, ct);
            return;
        }

        if (DeploymentRollout.IsComplete(sync.Deployment, sync.Deployment.Status ?? new V1DeploymentStatus()))
        {
            await CleanupHistoryAsync(sync, ct);
        }

        await SyncRolloutStatusAsync(sync, ct);
    }

    /// <summary>
    /// One Recreate step: scale every old ReplicaSet to 0; wait until none of their pods runs; then create or scale
    /// the new ReplicaSet to the Deployment's replicas.
    /// </summary>
    private async Task RolloutRecreateAsync(DeploymentSync sync, CancellationToken ct)
    {
        await SyncNewReplicaSetAsync(sync, createIfMissing: false, ct);
        var scaleDown = DeploymentRollout.RecreateScaleDown(sync.Old);
        if (scaleDown.Count > 0)
        {
            foreach (var scale in scaleDown)
            {
                await ScaleReplicaSetAsync(sync, scale.ReplicaSet, scale.Replicas, ct);
            }

            await SyncRolloutStatusAsync(sync, ct);
            return;
        }

        if (OldPodsRunning(sync.Old))
        {
            await SyncRolloutStatusAsync(sync, ct);
            return;
        }

        await SyncNewReplicaSetAsync(sync, createIfMissing: true, ct);
        if (sync.New is { } newRs && DeploymentMath.Replicas(newRs) != DeploymentMath.Replicas(sync.Deployment))
        {
            await ScaleReplicaSetAsync(sync, newRs, DeploymentMath.Replicas(sync.Deployment), ct);
        }

        if (DeploymentRollout.IsComplete(sync.Deployment, sync.Deployment.Status ?? new V1DeploymentStatus()))
        {
            await CleanupHistoryAsync(sync, ct);
        }

        await SyncRolloutStatusAsync(sync, ct);
    }

    /// <summary>A paused Deployment or a replica change: resize the ReplicaSets (proportionally), no rollout step.</summary>
    private async Task ScaleAsync(DeploymentSync sync, CancellationToken ct)
    {
        await SyncNewReplicaSetAsync(sync, createIfMissing: false, ct);
        foreach (var scale in DeploymentRollout.Scale(sync.Deployment, sync.New, sync.Old))
        {
            await ScaleReplicaSetAsync(sync, scale.ReplicaSet, scale.Replicas, ct);
        }

        await WriteStatusAsync(sync.Deployment, DeploymentStatusCalculator.Calculate(sync.Deployment, sync.All, sync.New, _time.GetUtcNow()), ct);
    }

    /// <summary>
    /// Upstream's oldPodsRunning: old ReplicaSets still report pods, or one of their pods is not finished (a pod in
    /// Unknown counts as running: it may be).
    /// </summary>
    private bool OldPodsRunning(IReadOnlyList<V1ReplicaSet> old)
    {
        if (DeploymentMath.StatusReplicas(old) > 0)
        {
            return true;
        }

        return old
            .SelectMany(rs => _pods.Cache.ByIndex(Indexers.ControllerUid, rs.Metadata.Uid))
            .Any(pod => pod.Status?.Phase is not ("Succeeded" or "Failed"));
    }
}
