using k8s.Models;

namespace Everynode.Controllers.DaemonSets;

/// <summary>updateDaemonSetStatus: counters from the caches, written through /status only when they changed.</summary>
public sealed partial class DaemonSetController
{
    /// <summary>
    /// Writes the seven counters (and observedGeneration when <paramref name="updateObservedGeneration"/>) and the
    /// rollout conditions (<see cref="DaemonSetRolloutConditions"/>) onto a copy of the DaemonSet, keeping other
    /// conditions and collisionCount. Nothing is written when the stored status
    /// already says the same and the generation has been observed. A conflict is retried once on a fresh read
    /// (upstream's StatusUpdateRetries); a second failure goes back to the queue.
    /// </summary>
    private async Task UpdateStatusAsync(
        string key,
        V1DaemonSet ds,
        IReadOnlyList<V1Node> nodes,
        IReadOnlyList<V1Pod> pods,
        string hash,
        bool updateObservedGeneration,
        bool judgeRollout,
        CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        var nodeToDaemonPods = NodeToDaemonPods.Group(pods);
        var counts = DaemonSetStatusCalculator.Calculate(ds, nodes, nodeToDaemonPods, hash, now);
        // A rollout is judged only by a sync that wrote nothing, once the controller has seen its own writes; until
        // then the stored judgement stands (clearing it would make a stalled rollout's condition blink off at every
        // write it makes).
        var blockers = judgeRollout && _expectations.Satisfied(key) ? FindRolloutBlockers(ds, nodes, nodeToDaemonPods, hash, now) : null;
        IEnumerable<V1DaemonSetCondition>? conditions = blockers is null ? ds.Status?.Conditions : DaemonSetRolloutConditions.Apply(ds.Status?.Conditions, blockers, now.UtcDateTime);
        if (!DaemonSetStatusCalculator.StatusEquals(ds, counts)
            || !DaemonSetRolloutConditions.SameRolloutConditions(ds.Status?.Conditions, conditions))
        {
            await WriteStatusAsync(ds, counts, blockers, updateObservedGeneration, ct);
            foreach (var e in DaemonSetRolloutConditions.Events(ds.Status?.Conditions, conditions))
            {
                Record(ds, e);
            }
        }

        // Pods turn available by the clock alone, with no event to wake us.
        if (DaemonSetStatusCalculator.RequeueAfter(ds, counts) is { } delay)
        {
            EnqueueAfter(key, delay);
        }

        if (DaemonSetStatusCalculator.NextAvailableAfter(ds, pods, now) is { } available)
        {
            EnqueueAfter(key, available);
        }

        // Likewise a new pod that stays unready crosses the stall threshold by the clock alone.
        if (blockers?.RecheckAfter is { } recheck)
        {
            EnqueueAfter(key, recheck);
        }
    }

    private RolloutBlockers FindRolloutBlockers(
        V1DaemonSet ds, IReadOnlyList<V1Node> nodes, IReadOnlyDictionary<string, IReadOnlyList<V1Pod>> nodeToDaemonPods, string hash, DateTimeOffset now)
    {
        if (!DaemonSetUpdateStrategy.IsRollingUpdate(ds))
        {
            return RolloutBlockers.None;
        }

        try
        {
            var plan = DaemonSetRollingUpdate.Plan(ds, nodes, nodeToDaemonPods, hash, now);
            return DaemonSetRolloutConditions.FindBlockers(ds, nodes, nodeToDaemonPods, hash, plan, now, _options.RolloutStallAfter);
        }
        catch (InvalidOperationException)
        {
            // A strategy that does not parse: the rolling update reports it; there is no rollout to judge.
            return RolloutBlockers.None;
        }
    }

    /// <summary>Writes the counters; the rollout conditions are replaced from <paramref name="blockers"/>, or kept when it is null (not judged).</summary>
    private async Task WriteStatusAsync(
        V1DaemonSet ds, DaemonSetStatusCounts counts, RolloutBlockers? blockers, bool updateObservedGeneration, CancellationToken ct)
    {
        var toUpdate = ds;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var updated = DaemonSetStatusCalculator.WithStatus(toUpdate, counts, updateObservedGeneration);
                if (blockers is not null)
                {
                    var conditions = DaemonSetRolloutConditions.Apply(updated.Status.Conditions, blockers, _time.GetUtcNow().UtcDateTime);

                    // As Go's omitempty: no conditions is no field, not an empty list (visible in `kubectl get -o yaml`).
                    updated.Status.Conditions = conditions.Count > 0 ? conditions : null;
                }

                await _control.UpdateDaemonSetStatusAsync(updated, ct);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException && attempt < DaemonSetControllerDefaults.StatusUpdateRetries)
            {
                LogStatusRetry(_logger, e, ds.Metadata.Name);
                toUpdate = await _control.GetDaemonSetAsync(ds.Metadata.NamespaceProperty, ds.Metadata.Name, ct);
            }
        }
    }
}
