using System.Diagnostics.CodeAnalysis;
using Everynode.Client.Events;
using Everynode.Client.Informers;
using Everynode.Scheduler.Binding;
using Everynode.Scheduler.Cache;
using Everynode.Scheduler.Queue;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Everynode.Scheduler;

/// <summary>
/// The effectful scheduler (upstream kube-scheduler's Scheduler): informer events keep a cache of nodes and
/// assigned pods and fill the scheduling queue with pending pods; one loop pops a pod, decides with
/// <see cref="SchedulingAlgorithm.ScheduleOne"/>, assumes the pod on the chosen node and binds it in the
/// background, up to <see cref="SchedulerOptions.ParallelBinds"/> writes at once.
/// </summary>
/// <remarks>
/// Invariants: <c>_gate</c> guards the cache and the queue; informer handlers and the scheduling cycle hold it
/// only briefly and never while waiting on I/O. The scheduling cycle is serial, so each decision sees every pod
/// assumed before it. A pod popped from the queue stays in flight in the queue until its binding succeeds or
/// fails, so informer updates meanwhile do not queue it twice.
/// Not done (upstream has it): preemption's effects. When the algorithm finds that evicting lower-priority pods
/// would help, the FailedScheduling message says so, but no victim is deleted and no nominatedNodeName is set.
/// </remarks>
[SuppressMessage("Design", "CA1001", Justification = "The semaphores never create a wait handle (AvailableWaitHandle is not used), so there is nothing to dispose; the public shape has no Dispose.")]
public sealed partial class Scheduler
{
    private readonly SharedInformer<V1Pod> _pods;
    private readonly SharedInformer<V1Node> _nodes;
    private readonly IEventRecorder _recorder;
    private readonly IPodBinder _binder;
    private readonly SchedulerOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly SchedulerCache _cache = new();
    private readonly SchedulingQueue _queue;
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly SemaphoreSlim _effectSlots;
    private readonly TaskCompletionSource _failed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Scheduler(SharedInformers informers, IEventRecorder recorder, SchedulerOptions options, ILoggerFactory loggerFactory, TimeProvider timeProvider)
        : this(
            (informers ?? throw new ArgumentNullException(nameof(informers))).Pods,
            informers.Nodes,
            recorder,
            new ApiPodBinder(informers.Client),
            options,
            loggerFactory,
            timeProvider)
    {
    }

    internal Scheduler(
        SharedInformer<V1Pod> pods,
        SharedInformer<V1Node> nodes,
        IEventRecorder recorder,
        IPodBinder binder,
        SchedulerOptions options,
        ILoggerFactory loggerFactory,
        TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _pods = pods ?? throw new ArgumentNullException(nameof(pods));
        _nodes = nodes ?? throw new ArgumentNullException(nameof(nodes));
        _recorder = recorder ?? throw new ArgumentNullException(nameof(recorder));
        _binder = binder ?? throw new ArgumentNullException(nameof(binder));
        _options = (options ?? throw new ArgumentNullException(nameof(options))).Validate();
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = loggerFactory.CreateLogger("Everynode.Scheduler");
        _queue = new SchedulingQueue(_options, _time);
        _effectSlots = new SemaphoreSlim(_options.ParallelBinds, _options.ParallelBinds);
        RegisterEventHandlers();
    }

    /// <summary>
    /// Waits for the pod and node informers to sync, then schedules until cancelled; bindings in flight are
    /// awaited before it returns. An unexpected error (not an API failure) is logged as critical and thrown.
    /// </summary>
    public async Task RunAsync(CancellationToken ct)
    {
        try
        {
            await Task.WhenAll(_pods.WaitForSyncAsync(ct), _nodes.WaitForSyncAsync(ct));
            SchedulerLog.Started(_logger, _options.SchedulerName, _options.ParallelBinds);
            var interval = _options.UnschedulableFlushInterval;
            using var flush = _time.CreateTimer(_ => FlushUnschedulableLeftover(), null, interval, interval);
            try
            {
                await ScheduleLoopAsync(ct);
            }
            finally
            {
                await WaitForEffectsAsync();
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested && !_failed.Task.IsFaulted)
        {
        }
        catch (Exception e)
        {
            SchedulerLog.Crashed(_logger, e);
            throw;
        }

        if (_failed.Task.IsFaulted)
        {
            await _failed.Task; // a binding crashed while stopping: still loud
        }

        SchedulerLog.Stopped(_logger);
    }

    private async Task ScheduleLoopAsync(CancellationToken ct)
    {
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (_failed.Task.IsFaulted)
            {
                await _failed.Task;
            }

            if (!await ScheduleNextAsync(ct))
            {
                await WaitForWorkAsync(ct);
            }
        }
    }

    /// <summary>
    /// Waits until something may be ready: a wake-up from a handler, the end of the earliest backoff, or a
    /// failure. Never polls; the periodic unschedulable flush is the only timer.
    /// </summary>
    private async Task WaitForWorkAsync(CancellationToken ct)
    {
        TimeSpan? delay;
        lock (_gate)
        {
            delay = _queue.NextBackoffExpiry - _time.GetUtcNow();
        }

        if (delay <= TimeSpan.Zero)
        {
            return;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var waits = new List<Task> { _wake.WaitAsync(stop.Token), _failed.Task };
        if (delay is { } d)
        {
            waits.Add(Task.Delay(d, _time, stop.Token));
        }

        await Task.WhenAny(waits);
        await stop.CancelAsync();
        ct.ThrowIfCancellationRequested();
    }

    /// <summary>Tells the loop that the queue may have a pod ready.</summary>
    private void Wake()
    {
        try
        {
            if (_wake.CurrentCount == 0)
            {
                _wake.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Another handler woke the loop at the same moment.
        }
    }

    private void FlushUnschedulableLeftover()
    {
        lock (_gate)
        {
            _queue.FlushUnschedulableLeftover();
        }

        Wake();
    }

    /// <summary>Starts a write in the background; it holds an effect slot until it ends.</summary>
    private void StartEffect(Func<Task> effect) => _ = RunEffectAsync(effect);

    private async Task RunEffectAsync(Func<Task> effect)
    {
        try
        {
            await Task.Yield();
            await effect();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Expected API failures are handled inside the effect; anything reaching here is a bug.
            SchedulerLog.EffectCrashed(_logger, e);
            _failed.TrySetException(e);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
        finally
        {
            _effectSlots.Release();
            Wake();
        }
    }

    /// <summary>For tests: whether a pod waits in the unschedulable part of the queue.</summary>
    internal bool IsUnschedulable(string podKey)
    {
        lock (_gate)
        {
            return _queue.IsUnschedulable(podKey);
        }
    }

    /// <summary>For tests: whether a pod waits out a backoff.</summary>
    internal bool IsBackingOff(string podKey)
    {
        lock (_gate)
        {
            return _queue.IsBackingOff(podKey);
        }
    }

    /// <summary>Waits until no binding or status write is in flight, by taking every effect slot and giving them back.</summary>
    internal async Task WaitForEffectsAsync()
    {
        for (var i = 0; i < _options.ParallelBinds; i++)
        {
            await _effectSlots.WaitAsync(CancellationToken.None);
        }

        _effectSlots.Release(_options.ParallelBinds);
    }
}
