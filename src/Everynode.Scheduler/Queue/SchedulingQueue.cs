using Everynode.Api.Scheduling;
using k8s.Models;

namespace Everynode.Scheduler.Queue;

/// <summary>
/// The queue of pods waiting for a node (upstream PriorityQueue, without queueing hints). Three places:
/// active (ready to try, highest priority first, then oldest), backoff (failed recently; waits
/// PodInitialBackoff doubled per attempt up to PodMaxBackoff) and unschedulable (failed; waits for a cluster
/// event that might help, or for PodMaxInUnschedulablePodsDuration).
/// Invariants: a pod key is in at most one place; a pod that failed while a helpful event arrived during its
/// attempt goes to backoff, not unschedulable, so the event is not lost. Not thread-safe: the scheduler loop
/// owns it and serializes calls.
/// </summary>
internal sealed class SchedulingQueue
{
    private readonly SchedulerOptions _options;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, QueuedPodInfo> _active = new(StringComparer.Ordinal);
    private readonly SortedSet<QueuedPodInfo> _activeOrder = new(ActiveOrder.Instance);
    private readonly Dictionary<string, QueuedPodInfo> _backoff = new(StringComparer.Ordinal);
    private readonly Dictionary<string, QueuedPodInfo> _unschedulable = new(StringComparer.Ordinal);
    private readonly Dictionary<string, QueuedPodInfo> _inFlight = new(StringComparer.Ordinal);
    private long _schedulingCycle;
    private long _moveRequestCycle = -1;

    public SchedulingQueue(SchedulerOptions options, TimeProvider time)
    {
        _options = options.Validate();
        _time = time;
    }

    public int ActiveCount => _active.Count;

    public int BackoffCount => _backoff.Count;

    public int UnschedulableCount => _unschedulable.Count;

    /// <summary>A new pending pod, or an update to one; an update may make it schedulable, so it is retried.</summary>
    public void Add(V1Pod pod)
    {
        var key = PodInfo.KeyOf(pod);
        if (_inFlight.TryGetValue(key, out var flying))
        {
            flying.Pod = pod;
            return;
        }

        if (_active.TryGetValue(key, out var active))
        {
            RemoveActive(active);
            active.Pod = pod;
            AddActive(active);
            return;
        }

        if (Take(key) is { } waiting)
        {
            waiting.Pod = pod;
            Requeue(waiting);
            return;
        }

        AddActive(new QueuedPodInfo(pod, _time.GetUtcNow()));
    }

    /// <summary>The pod was deleted or bound by someone else: forget it.</summary>
    public void Delete(string key)
    {
        Take(key);
        _inFlight.Remove(key);
    }

    /// <summary>The next pod to try: highest priority, then the one waiting longest. Starts a scheduling cycle.</summary>
    public QueuedPodInfo? Pop()
    {
        FlushBackoffCompleted();
        if (_activeOrder.Min is not { } next)
        {
            return null;
        }

        RemoveActive(next);
        _schedulingCycle++;
        next.Attempts++;
        next.SchedulingCycle = _schedulingCycle;
        _inFlight[next.Key] = next;
        return next;
    }

    /// <summary>The attempt succeeded (the pod is bound or assumed): the pod leaves the queue.</summary>
    public void Done(string key) => _inFlight.Remove(key);

    /// <summary>
    /// The attempt failed. If a move event arrived since the pod was popped, it goes to backoff (it may fit now);
    /// otherwise it waits in unschedulable for the next event.
    /// </summary>
    public void AddUnschedulable(QueuedPodInfo pod)
    {
        if (!_inFlight.Remove(pod.Key))
        {
            return; // deleted while being scheduled
        }

        pod.Timestamp = _time.GetUtcNow();
        if (_moveRequestCycle >= pod.SchedulingCycle)
        {
            _backoff[pod.Key] = pod;
        }
        else
        {
            _unschedulable[pod.Key] = pod;
        }
    }

    /// <summary>
    /// The attempt failed with an error rather than a verdict (e.g. the binding was rejected): the pod waits out
    /// its backoff and is tried again, whatever events arrive (upstream sends error pods to backoffQ).
    /// </summary>
    public void AddBackoff(QueuedPodInfo pod)
    {
        if (!_inFlight.Remove(pod.Key))
        {
            return; // deleted while being scheduled or bound
        }

        pod.Timestamp = _time.GetUtcNow();
        _backoff[pod.Key] = pod;
    }

    /// <summary>
    /// A cluster event that may help: every unschedulable pod moves to backoff if its backoff has not ended,
    /// else to active; pods being tried right now will go to backoff if they fail.
    /// </summary>
    public void MoveAllToActiveOrBackoff(ClusterEvent clusterEvent)
    {
        _ = clusterEvent; // without queueing hints, every event that can help moves every pod
        foreach (var pod in _unschedulable.Values.ToList())
        {
            _unschedulable.Remove(pod.Key);
            Requeue(pod);
        }

        _moveRequestCycle = _schedulingCycle;
    }

    /// <summary>Moves pods whose backoff has ended to active.</summary>
    public void FlushBackoffCompleted()
    {
        var now = _time.GetUtcNow();
        foreach (var pod in _backoff.Values.Where(p => BackoffExpiry(p) <= now).ToList())
        {
            _backoff.Remove(pod.Key);
            AddActive(pod);
        }
    }

    /// <summary>Retries pods that waited in unschedulable longer than PodMaxInUnschedulablePodsDuration.</summary>
    public void FlushUnschedulableLeftover()
    {
        var now = _time.GetUtcNow();
        foreach (var pod in _unschedulable.Values.Where(p => now - p.Timestamp > _options.PodMaxInUnschedulablePodsDuration).ToList())
        {
            _unschedulable.Remove(pod.Key);
            Requeue(pod);
        }
    }

    /// <summary>When the earliest backoff ends, so the loop can wait for it instead of polling.</summary>
    public DateTimeOffset? NextBackoffExpiry => _backoff.Count == 0 ? null : _backoff.Values.Min(BackoffExpiry);

    /// <summary>upstream calculateBackoffDuration: initial, doubled for every attempt after the first, capped.</summary>
    public TimeSpan BackoffDuration(int attempts)
    {
        if (attempts <= 0)
        {
            return TimeSpan.Zero;
        }

        var duration = _options.PodInitialBackoff;
        for (var i = 1; i < attempts; i++)
        {
            if (duration > _options.PodMaxBackoff - duration)
            {
                return _options.PodMaxBackoff;
            }

            duration += duration;
        }

        return duration;
    }

    public bool IsActive(string key) => _active.ContainsKey(key);

    public bool IsBackingOff(string key) => _backoff.ContainsKey(key);

    public bool IsUnschedulable(string key) => _unschedulable.ContainsKey(key);

    private DateTimeOffset BackoffExpiry(QueuedPodInfo pod) => pod.Timestamp + BackoffDuration(pod.Attempts);

    private void Requeue(QueuedPodInfo pod)
    {
        if (BackoffExpiry(pod) > _time.GetUtcNow())
        {
            _backoff[pod.Key] = pod;
        }
        else
        {
            AddActive(pod);
        }
    }

    private void AddActive(QueuedPodInfo pod)
    {
        _active[pod.Key] = pod;
        _activeOrder.Add(pod);
    }

    private void RemoveActive(QueuedPodInfo pod)
    {
        _active.Remove(pod.Key);
        _activeOrder.Remove(pod);
    }

    private QueuedPodInfo? Take(string key)
    {
        if (_active.TryGetValue(key, out var active))
        {
            RemoveActive(active);
            return active;
        }

        foreach (var place in new[] { _backoff, _unschedulable })
        {
            if (place.Remove(key, out var pod))
            {
                return pod;
            }
        }

        return null;
    }
}
