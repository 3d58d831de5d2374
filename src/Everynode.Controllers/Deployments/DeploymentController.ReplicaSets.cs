using System.Globalization;
using Everynode.Api.Models;
using Everynode.Api.Selectors;
using Everynode.Client.Events;
using Everynode.Client.Informers;
using Everynode.Controllers.ReplicaSets;
using Everynode.Controllers.Shared;
using k8s.Models;

namespace Everynode.Controllers.Deployments;

/// <summary>The ReplicaSet writes: claim, new ReplicaSet and revision, scale, history cleanup, and the status.</summary>
public sealed partial class DeploymentController
{
    /// <summary>Claims every ReplicaSet of the namespace by the Deployment's selector (adopt orphans, release strays).</summary>
    private async Task<List<V1ReplicaSet>> ClaimReplicaSetsAsync(V1Deployment d, LabelSelector selector, CancellationToken ct)
    {
        var ns = d.Metadata.NamespaceProperty;
        var plan = ControllerRefManager.Claim(d.Metadata, selector, _replicaSets.Cache.ByIndex(Indexers.Namespace, ns));
        var claimed = new List<V1ReplicaSet>(plan.Owned);
        if (plan.ToAdopt.Count > 0)
        {
            var fresh = await _control.GetDeploymentAsync(ns, d.Metadata.Name, ct);
            if (fresh.Metadata?.Uid != d.Metadata.Uid || fresh.Metadata.DeletionTimestamp is not null)
            {
                throw new InvalidOperationException($"deployment {CacheKeys.For(d)} is gone or being deleted; not adopting ReplicaSets");
            }
        }

        var controllerRef = ReplicaSetPodTemplate.NewControllerRef(d.Metadata, DeploymentReplicaSets.ApiVersion, DeploymentReplicaSets.Kind);
        foreach (var rs in plan.ToAdopt)
        {
            claimed.Add(await _control.PatchReplicaSetAsync(ns, rs.Metadata.Name, ControllerRefManager.AdoptPatch(controllerRef, rs.Metadata.Uid), ct));
        }

        foreach (var rs in plan.ToRelease)
        {
            await _control.PatchReplicaSetAsync(ns, rs.Metadata.Name, ControllerRefManager.ReleasePatch(d.Metadata.Uid, rs.Metadata.Uid), ct);
        }

        return claimed;
    }

    /// <summary>
    /// Upstream's getNewReplicaSet: the new ReplicaSet gets revision max(old) + 1 and the Deployment's annotations;
    /// if there is none and <paramref name="createIfMissing"/>, it is created (a name taken by something else bumps
    /// status.collisionCount and fails the sync, so the next one hashes anew). The Deployment's revision annotation and
    /// its Progressing condition follow.
    /// </summary>
    private async Task SyncNewReplicaSetAsync(DeploymentSync sync, bool createIfMissing, CancellationToken ct)
    {
        var d = sync.Deployment;
        var revision = DeploymentAnnotations.MaxRevision(sync.Old) + 1;
        var revisionText = revision.ToString(CultureInfo.InvariantCulture);
        var now = _time.GetUtcNow();
        if (sync.New is { } existing)
        {
            var copy = ModelCopy.Clone(existing)!;
            var changed = DeploymentAnnotations.CopyDeploymentAnnotations(d, copy);
            if (DeploymentAnnotations.RevisionOf(copy.Metadata) < revision)
            {
                copy.Metadata.Annotations![DeploymentAnnotations.Revision] = revisionText;
                changed = true;
            }

            if ((copy.Spec.MinReadySeconds ?? 0) != (d.Spec?.MinReadySeconds ?? 0))
            {
                copy.Spec.MinReadySeconds = d.Spec?.MinReadySeconds;
                changed = true;
            }

            if (changed)
            {
                sync.Replace(await _control.UpdateReplicaSetAsync(copy, ct));
            }

            var status = ModelCopy.Clone(d.Status) ?? new V1DeploymentStatus();
            if (d.Spec?.ProgressDeadlineSeconds is not null && DeploymentConditions.Get(status, DeploymentConditions.Progressing) is null)
            {
                DeploymentConditions.Set(status, DeploymentConditions.New(DeploymentConditions.Progressing, "True",
                    DeploymentConditions.FoundNewReplicaSet, $"Found new replica set \"{existing.Metadata.Name}\"", now));
            }

            await WriteRevisionAndStatusAsync(sync, DeploymentAnnotations.RevisionOf(sync.New!.Metadata).ToString(CultureInfo.InvariantCulture), status, ct);
            return;
        }

        if (!createIfMissing)
        {
            return;
        }

        var replicas = DeploymentRollout.NewReplicaSetReplicas(d, sync.All, null);
        var rs = DeploymentReplicaSets.NewReplicaSet(d, DeploymentReplicaSets.TemplateHash(d), revision, replicas);
        V1ReplicaSet created;
        try
        {
            created = await _control.CreateReplicaSetAsync(d.Metadata.NamespaceProperty, rs, ct);
        }
        catch (Exception e) when (ApiErrors.IsAlreadyExists(e))
        {
            var taken = _replicaSets.Cache.Get(d.Metadata.NamespaceProperty, rs.Metadata.Name);
            if (taken is not null && ControllerRefManager.GetControllerOf(taken.Metadata)?.Uid == d.Metadata.Uid
                && DeploymentMath.EqualIgnoreHash(taken.Spec?.Template, d.Spec?.Template))
            {
                sync.Replace(taken);
                return;
            }

            var bumped = ModelCopy.Clone(d.Status) ?? new V1DeploymentStatus();
            bumped.CollisionCount = (bumped.CollisionCount ?? 0) + 1;
            await WriteStatusAsync(d, bumped, ct);
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException && !ApiErrors.IsNamespaceTerminating(e))
        {
            var message = $"Failed to create new replica set \"{rs.Metadata.Name}\": {ApiErrors.Message(e)}";
            _recorder.Record(d, EventTypes.Warning, DeploymentConditions.FailedReplicaSetCreate, message);
            var failed = ModelCopy.Clone(d.Status) ?? new V1DeploymentStatus();
            DeploymentConditions.Set(failed, DeploymentConditions.New(DeploymentConditions.Progressing, "False", DeploymentConditions.FailedReplicaSetCreate, message, now));
            await WriteStatusAsync(d, failed, ct);
            throw;
        }

        sync.Replace(created);
        if (replicas > 0)
        {
            _recorder.Record(d, EventTypes.Normal, ScalingReplicaSet, $"Scaled up replica set {created.Metadata.Name} from 0 to {replicas}");
        }

        var progressing = ModelCopy.Clone(d.Status) ?? new V1DeploymentStatus();
        if (d.Spec?.ProgressDeadlineSeconds is not null)
        {
            DeploymentConditions.Set(progressing, DeploymentConditions.New(DeploymentConditions.Progressing, "True",
                DeploymentConditions.NewReplicaSetCreated, $"Created new replica set \"{created.Metadata.Name}\"", now));
        }

        await WriteRevisionAndStatusAsync(sync, revisionText, progressing, ct);
    }

    /// <summary>Sets the Deployment's revision annotation and status in one status write, when either changed.</summary>
    private async Task WriteRevisionAndStatusAsync(DeploymentSync sync, string revision, V1DeploymentStatus status, CancellationToken ct)
    {
        var d = sync.Deployment;
        var annotations = d.Metadata.Annotations;
        var revisionChanged = annotations is null || !annotations.TryGetValue(DeploymentAnnotations.Revision, out var current) || current != revision;
        if (!revisionChanged && SemanticEquality.AreEqual(d.Status, status))
        {
            return;
        }

        var copy = ModelCopy.Clone(d)!;
        copy.Metadata.Annotations ??= new Dictionary<string, string>();
        copy.Metadata.Annotations[DeploymentAnnotations.Revision] = revision;
        copy.Status = status;
        sync.Deployment = await _control.UpdateDeploymentStatusAsync(copy, ct);
    }

    /// <summary>
    /// Upstream's scaleReplicaSet: spec.replicas and the desired/max-replicas annotations in one update; a size change
    /// is reported as <c>ScalingReplicaSet</c> "Scaled up|down replica set NAME from A to B".
    /// </summary>
    private async Task ScaleReplicaSetAsync(DeploymentSync sync, V1ReplicaSet rs, int replicas, CancellationToken ct)
    {
        var d = sync.Deployment;
        var desired = DeploymentMath.Replicas(d);
        var max = desired + DeploymentMath.MaxSurge(d);
        var before = DeploymentMath.Replicas(rs);
        if (before == replicas && !DeploymentAnnotations.ReplicasAnnotationsNeedUpdate(rs, desired, max))
        {
            return;
        }

        var copy = ModelCopy.Clone(rs)!;
        copy.Spec.Replicas = replicas;
        DeploymentAnnotations.SetReplicasAnnotations(copy, desired, max);
        sync.Replace(await _control.UpdateReplicaSetAsync(copy, ct));
        if (before != replicas)
        {
            var direction = replicas > before ? "up" : "down";
            _recorder.Record(d, EventTypes.Normal, ScalingReplicaSet, $"Scaled {direction} replica set {rs.Metadata.Name} from {before} to {replicas}");
        }
    }

    /// <summary>Deletes the old revisions beyond revisionHistoryLimit that have no pods left.</summary>
    private async Task CleanupHistoryAsync(DeploymentSync sync, CancellationToken ct)
    {
        foreach (var rs in DeploymentRollout.HistoryToDelete(sync.Deployment, sync.Old))
        {
            try
            {
                await _control.DeleteReplicaSetAsync(rs.Metadata.NamespaceProperty, rs.Metadata.Name, ct);
            }
            catch (Exception e) when (ApiErrors.IsNotFound(e))
            {
            }

            sync.Remove(rs);
        }
    }

    /// <summary>Upstream's syncRolloutStatus: the status with conditions; a rollout still under way is looked at again at its deadline.</summary>
    private async Task SyncRolloutStatusAsync(DeploymentSync sync, CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        var status = DeploymentStatusCalculator.RolloutStatus(sync.Deployment, sync.All, sync.New, now);
        await WriteStatusAsync(sync.Deployment, status, ct);
        if (DeploymentStatusCalculator.ProgressDeadlineIn(sync.Deployment, status, now) is { } after)
        {
            _runner.Queue.AddAfter(CacheKeys.For(sync.Deployment), after);
        }
    }

    private async Task WriteStatusAsync(V1Deployment d, V1DeploymentStatus status, CancellationToken ct)
    {
        if (SemanticEquality.AreEqual(d.Status, status))
        {
            return;
        }

        var copy = ModelCopy.Clone(d)!;
        copy.Status = status;
        await _control.UpdateDeploymentStatusAsync(copy, ct);
    }
}
