using Everynode.Api.Scheduling;
using Everynode.Client.Events;
using Everynode.Scheduler.Binding;
using Everynode.Scheduler.Queue;
using k8s.Autorest;
using k8s.Models;

namespace Everynode.Scheduler;

/// <summary>
/// One pod through the scheduler (upstream scheduleOne): the scheduling cycle runs on the loop under the gate
/// and only decides and assumes; the binding cycle and every other write run in the background.
/// </summary>
public sealed partial class Scheduler
{
    /// <summary>
    /// Pops the next pod, if any, and runs its scheduling cycle; returns false when no pod was ready. Waits for a
    /// free effect slot first, so that at most <see cref="SchedulerOptions.ParallelBinds"/> writes are in flight.
    /// </summary>
    internal async Task<bool> ScheduleNextAsync(CancellationToken ct)
    {
        await _effectSlots.WaitAsync(ct);
        Func<Task>? effect = null;
        var popped = false;
        try
        {
            lock (_gate)
            {
                if (_queue.Pop() is { } next)
                {
                    popped = true;
                    effect = SchedulingCycle(next, ct);
                }
            }
        }
        finally
        {
            if (effect is null)
            {
                _effectSlots.Release();
            }
        }

        if (effect is not null)
        {
            StartEffect(effect);
        }

        return popped;
    }

    /// <summary>
    /// Decides for one pod against the snapshot. Returns the write to carry out in the background: the binding,
    /// or the PodScheduled=False status; null when there is nothing to write. Runs under the gate.
    /// </summary>
    private Func<Task>? SchedulingCycle(QueuedPodInfo queued, CancellationToken ct)
    {
        // The queue may lag the informer: the pod may be gone, recreated, bound or being deleted by now.
        var pod = _pods.Cache.Get(queued.Key);
        if (!StillPending(pod, queued) || _cache.IsAssumed(queued.Key))
        {
            _queue.Done(queued.Key);
            return null;
        }

        queued.Pod = pod!;
        var result = SchedulingAlgorithm.ScheduleOne(pod!, _cache.Snapshot);
        if (result.SuggestedHost is { } nodeName)
        {
            _cache.Assume(pod!, nodeName);
            SchedulerLog.Assumed(_logger, queued.Key, nodeName, result.EvaluatedNodes, result.FeasibleNodes);
            return () => BindingCycleAsync(queued, pod!, nodeName, ct);
        }

        // upstream: a FitError parks the pod until a cluster event; any other error (no nodes at all) backs off.
        var message = result.FailureMessage ?? SchedulerMessages.NoNodesAvailable;
        string reason;
        if (result.FitError is not null)
        {
            _queue.AddUnschedulable(queued);
            reason = PodScheduledCondition.ReasonUnschedulable;
        }
        else
        {
            _queue.AddBackoff(queued);
            reason = PodScheduledCondition.ReasonSchedulerError;
        }

        SchedulerLog.Unschedulable(_logger, queued.Key, message);
        _recorder.Record(pod!, EventTypes.Warning, SchedulerMessages.FailedSchedulingReason, message);
        var condition = PodScheduledCondition.NotScheduled(pod!, reason, message, _time.GetUtcNow());
        return condition is null ? null : () => SetConditionAsync(pod!, condition, ct);
    }

    private async Task BindingCycleAsync(QueuedPodInfo queued, V1Pod pod, string nodeName, CancellationToken ct)
    {
        try
        {
            await _binder.BindAsync(pod, nodeName, ct);
        }
        catch (Exception e) when (IsApiFailure(e, ct))
        {
            await HandleBindingFailureAsync(queued, pod, nodeName, e, ct);
            return;
        }

        lock (_gate)
        {
            _queue.Done(queued.Key);
        }

        SchedulerLog.Bound(_logger, queued.Key, nodeName);
        _recorder.Record(
            pod,
            EventTypes.Normal,
            SchedulerMessages.ScheduledReason,
            SchedulerMessages.Scheduled(pod.Metadata.NamespaceProperty, pod.Metadata.Name, nodeName));
    }

    /// <summary>
    /// upstream handleBindingCycleError: forget the assumed pod (its room is free again, which may help others),
    /// then, if the pod is still pending, back off and report the error on the pod.
    /// </summary>
    private async Task HandleBindingFailureAsync(QueuedPodInfo queued, V1Pod pod, string nodeName, Exception error, CancellationToken ct)
    {
        SchedulerLog.BindFailed(_logger, error, queued.Key, nodeName);
        bool stillPending;
        lock (_gate)
        {
            if (_cache.ForgetIfAssumed(queued.Key))
            {
                _queue.MoveAllToActiveOrBackoff(ClusterEvent.AssignedPodDelete);
            }

            stillPending = StillPending(_pods.Cache.Get(queued.Key), queued);
            if (stillPending)
            {
                _queue.AddBackoff(queued);
            }
            else
            {
                _queue.Done(queued.Key);
            }
        }

        Wake();
        if (!stillPending)
        {
            return; // bound by someone else or gone: nothing to report
        }

        var message = SchedulerMessages.BindingFailed(ApiErrorMessage.Of(error));
        _recorder.Record(pod, EventTypes.Warning, SchedulerMessages.FailedSchedulingReason, message);
        if (PodScheduledCondition.NotScheduled(pod, PodScheduledCondition.ReasonSchedulerError, message, _time.GetUtcNow()) is { } condition)
        {
            await SetConditionAsync(pod, condition, ct);
        }
    }

    private async Task SetConditionAsync(V1Pod pod, V1PodCondition condition, CancellationToken ct)
    {
        try
        {
            await _binder.SetPodScheduledConditionAsync(pod, condition, ct);
        }
        catch (Exception e) when (IsApiFailure(e, ct))
        {
            // upstream logs and carries on: the condition is informational, the queue already holds the pod.
            SchedulerLog.StatusUpdateFailed(_logger, e, PodInfo.KeyOf(pod));
        }
    }

    /// <summary>The pod the queue handed out is still the same pod, unassigned, not being deleted, and ours.</summary>
    private bool StillPending(V1Pod? cached, QueuedPodInfo queued) =>
        cached is not null
        && string.Equals(cached.Metadata?.Uid, queued.Pod.Metadata?.Uid, StringComparison.Ordinal)
        && IsPendingForUs(cached);

    /// <summary>Failures of a call to the API (refused, conflict, not found, timeout), as opposed to bugs.</summary>
    private static bool IsApiFailure(Exception e, CancellationToken ct) =>
        e is HttpOperationException or HttpRequestException or k8s.KubernetesException
        || (e is OperationCanceledException && !ct.IsCancellationRequested);
}
