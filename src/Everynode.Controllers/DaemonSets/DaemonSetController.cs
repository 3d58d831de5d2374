using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Everynode.Client.Controllers;
using Everynode.Client.Events;
using Everynode.Client.Informers;
using Everynode.Controllers.Shared;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Everynode.Controllers.DaemonSets;

/// <summary>
/// The DaemonSet controller (upstream's pkg/controller/daemon): keeps exactly one daemon pod on every node a
/// DaemonSet selects, records its ControllerRevisions and writes its status. Informer handlers only map events
/// to DaemonSet keys; <see cref="SyncAsync"/> reads the caches, asks the pure planners in this folder what to do,
/// and carries the plan out through the API.
/// </summary>
/// <remarks>
/// Invariants: a sync never creates or deletes pods while the DaemonSet's expectations are unsatisfied (the
/// informer has not yet shown our own last writes; acting anyway duplicates pods); cached objects are never
/// mutated (every write goes out on a copy); the same key is never synced by two workers at once, so per-key
/// state (expectations, failed-pod backoff) needs no coordination beyond the handlers' observations.
/// A template change gives a new ControllerRevision; with RollingUpdate the pods of older templates are then
/// replaced within the strategy's budget (<see cref="DaemonSetRollingUpdate"/>), with OnDelete only when the user
/// deletes them.
/// </remarks>
[SuppressMessage("Design", "CA1001", Justification = "The runner's queue is disposed when RunAsync ends; the server composes this type with exactly this shape.")]
public sealed partial class DaemonSetController : IReconciler
{
    private const string Name = "daemonset-controller";

    private readonly SharedInformer<V1DaemonSet> _daemonSets;
    private readonly SharedInformer<V1Pod> _pods;
    private readonly SharedInformer<V1Node> _nodes;
    private readonly SharedInformer<V1ControllerRevision> _revisions;
    private readonly IDaemonSetControl _control;
    private readonly IEventRecorder _recorder;
    private readonly DaemonSetControllerOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ControllerExpectationsCache _expectations;
    private readonly ConcurrentDictionary<string, FailedPodBackoff> _failedPodBackoff = new(StringComparer.Ordinal);
    private readonly ControllerRunner _runner;

    public DaemonSetController(
        SharedInformers informers,
        IEventRecorder recorder,
        DaemonSetControllerOptions options,
        ILoggerFactory loggerFactory,
        TimeProvider timeProvider)
        : this(
            informers,
            new KubernetesDaemonSetControl((informers ?? throw new ArgumentNullException(nameof(informers))).Client),
            recorder,
            options,
            loggerFactory,
            timeProvider)
    {
    }

    internal DaemonSetController(
        SharedInformers informers,
        IDaemonSetControl control,
        IEventRecorder recorder,
        DaemonSetControllerOptions options,
        ILoggerFactory loggerFactory,
        TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(informers);
        ArgumentNullException.ThrowIfNull(control);
        ArgumentNullException.ThrowIfNull(recorder);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options.Validate();
        _control = control;
        _recorder = recorder;
        _options = options;
        _time = timeProvider;
        _logger = loggerFactory.CreateLogger<DaemonSetController>();
        _expectations = new ControllerExpectationsCache(timeProvider);
        _daemonSets = informers.DaemonSets;
        _pods = informers.Pods;
        _nodes = informers.Nodes;
        _revisions = informers.ControllerRevisions;
        _runner = new ControllerRunner(
            new ControllerRunnerOptions { Name = Name, Workers = options.Workers }, this, _logger, timeProvider);
        RegisterHandlers();
    }

    /// <summary>Waits for the four caches to sync, then runs the workers until cancelled.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        try
        {
            await Task.WhenAll(
                _daemonSets.WaitForSyncAsync(ct),
                _pods.WaitForSyncAsync(ct),
                _nodes.WaitForSyncAsync(ct),
                _revisions.WaitForSyncAsync(ct));
            await _runner.RunAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        finally
        {
            // Handlers may still fire afterwards; a disposed queue ignores their keys.
            _runner.Dispose();
        }
    }

    /// <summary>
    /// Upstream's syncDaemonSet: claim pods and revisions, make sure the current ControllerRevision exists, create
    /// and delete daemon pods (only when expectations are satisfied), prune history, then write the status.
    /// </summary>
    public async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var ds = _daemonSets.Cache.Get(key);
        if (ds is null)
        {
            LogDaemonSetGone(_logger, key);
            _expectations.Delete(key);
            _failedPodBackoff.TryRemove(key, out _);
            return;
        }

        if (DaemonSetSelector.IsSelectingAll(ds))
        {
            Record(ds, DaemonSetEvents.SelectingAll());
            return;
        }

        // Upstream stops here too: the garbage collector is removing the pods; adopting or creating would fight it.
        if (ds.Metadata.DeletionTimestamp is not null)
        {
            return;
        }

        // Judged before the pods are read, as upstream: every creation and deletion observed by now is in the list
        // read next. Judged after, the last awaited pod could arrive between the read and the check (claiming and
        // writing the ControllerRevision take API calls), and a sync acting on that stale list would put a second pod
        // on its node.
        var satisfied = _expectations.Satisfied(key);
        var nodes = _nodes.Cache.List();
        var selector = DaemonSetSelector.Selector(ds);
        var pods = await ClaimPodsAsync(ds, selector, cancellationToken);
        var history = await ConstructHistoryAsync(ds, selector, pods, cancellationToken);
        if (!satisfied)
        {
            await UpdateStatusAsync(key, ds, nodes, pods, history.Hash, updateObservedGeneration: false, judgeRollout: false, cancellationToken);

            // A lost event leaves the expectations unsatisfied until they expire; in a quiet cluster no other event
            // would come to run the sync that then goes on, so this one asks for it.
            if (_expectations.Get(key) is { } waiting)
            {
                EnqueueAfter(key, waiting.UntilExpired(_time.GetUtcNow()));
            }

            return;
        }

        Exception? manageError = null;
        var wrote = true;
        try
        {
            // The rollout plans over the pods read at the start of this sync: only valid if manage wrote nothing.
            // (Once manage's writes are observed the expectations are satisfied again, but the list is stale: an
            // old pod would be deleted twice and its second deletion never observed.)
            wrote = await ManageAsync(key, ds, nodes, pods, history.Hash, cancellationToken);
            if (!wrote && _expectations.Satisfied(key) && DaemonSetUpdateStrategy.IsRollingUpdate(ds))
            {
                wrote = await RollingUpdateAsync(key, ds, nodes, pods, history.Hash, cancellationToken);
            }

            await CleanupHistoryAsync(ds, history.Old, pods, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            manageError = e;
        }

        try
        {
            // A sync that wrote judges no rollout: its pods, read at the start, are stale, even once the informer has
            // seen the writes (which may happen before this line: expectations alone would let a stale judgement in).
            await UpdateStatusAsync(key, ds, nodes, pods, history.Hash, updateObservedGeneration: true, judgeRollout: !wrote, cancellationToken);
        }
        catch (Exception) when (manageError is not null)
        {
            // The manage error is the one worth reporting; the status is rewritten on the retry.
        }

        if (manageError is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(manageError);
        }
    }

    private void Enqueue(string key) => _runner.Queue.Add(key);

    private void EnqueueAfter(string key, TimeSpan delay) => _runner.Queue.AddAfter(key, delay);

    private void Record(V1DaemonSet ds, DaemonSetEvent e) => _recorder.Record(ds, e.Type, e.Reason, e.Message);

    /// <summary>For tests: the keys waiting in the work queue now, taken off it.</summary>
    internal async Task<IReadOnlyList<string>> DrainQueueAsync(CancellationToken ct)
    {
        var keys = new List<string>();
        while (_runner.Queue.Count > 0)
        {
            var (key, _) = await _runner.Queue.GetAsync(ct);
            _runner.Queue.Done(key);
            keys.Add(key);
        }

        keys.Sort(StringComparer.Ordinal);
        return keys;
    }

    internal ControllerExpectations? ExpectationsFor(string key) => _expectations.Get(key);
}
