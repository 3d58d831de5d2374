using k8s.Models;

namespace Everynode.Controllers.DaemonSets;

/// <summary>updateDaemonSetStatus: counters from the caches, written through /status only when they changed.</summary>
public sealed partial class DaemonSetController
{
    /// <summary>
    /// Writes the seven counters (and observedGeneration when <paramref name="updateObservedGeneration"/>) onto a
    /// copy of the DaemonSet, keeping conditions and collisionCount. Nothing is written when the stored status
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
        CancellationToken ct)
    {
        var counts = DaemonSetStatusCalculator.Calculate(ds, nodes, NodeToDaemonPods.Group(pods), hash, _time.GetUtcNow());
        if (!DaemonSetStatusCalculator.StatusEquals(ds, counts))
        {
            await WriteStatusAsync(ds, counts, updateObservedGeneration, ct);
        }

        // Pods turn available by the clock alone, with no event to wake us.
        if (DaemonSetStatusCalculator.RequeueAfter(ds, counts) is { } delay)
        {
            EnqueueAfter(key, delay);
        }
    }

    private async Task WriteStatusAsync(
        V1DaemonSet ds, DaemonSetStatusCounts counts, bool updateObservedGeneration, CancellationToken ct)
    {
        var toUpdate = ds;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await _control.UpdateDaemonSetStatusAsync(
                    DaemonSetStatusCalculator.WithStatus(toUpdate, counts, updateObservedGeneration), ct);
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
