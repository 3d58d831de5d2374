using System.Diagnostics.CodeAnalysis;
using Everynode.Api.Selectors;
using Everynode.Client.Controllers;
using Everynode.Client.Events;
using Everynode.Client.Informers;
using Everynode.Controllers.Shared;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Everynode.Controllers.ReplicaSets;

/// <summary>
/// The ReplicaSet controller (upstream's pkg/controller/replicaset): keeps spec.replicas active pods matching each
/// ReplicaSet, adopting orphans that match and releasing pods that no longer do, and writes its status. Informer
/// handlers only map events to ReplicaSet keys; <see cref="SyncAsync"/> reads the caches, asks the pure planners
/// (<see cref="ReplicaSetManage"/>, <see cref="PodDeletionOrder"/>, <see cref="ReplicaSetStatusCalculator"/>) and
/// carries the plan out through the API.
/// </summary>
/// <remarks>
/// Invariants (as the DaemonSet controller's): no create or delete while the ReplicaSet's expectations are
/// unsatisfied; cached objects are never mutated; one worker per key at a time.
/// </remarks>
[SuppressMessage("Design", "CA1001", Justification = "The runner's queue is disposed when RunAsync ends.")]
public sealed partial class ReplicaSetController : IReconciler
{
    private const string Name = "replicaset-controller";

    private readonly SharedInformer<V1ReplicaSet> _replicaSets;
    private readonly SharedInformer<V1Pod> _pods;
    private readonly IReplicaSetControl _control;
    private readonly IEventRecorder _recorder;
    private readonly ReplicaSetControllerOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ControllerExpectationsCache _expectations;
    private readonly ControllerRunner _runner;

    public ReplicaSetController(SharedInformers informers, IEventRecorder recorder, ReplicaSetControllerOptions options, ILoggerFactory loggerFactory, TimeProvider timeProvider)
        : this(informers, new KubernetesReplicaSetControl((informers ?? throw new ArgumentNullException(nameof(informers))).Client), recorder, options, loggerFactory, timeProvider)
    {
    }

    internal ReplicaSetController(
        SharedInformers informers, IReplicaSetControl control, IEventRecorder recorder, ReplicaSetControllerOptions options, ILoggerFactory loggerFactory, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(informers);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        options.Validate();
        _control = control ?? throw new ArgumentNullException(nameof(control));
        _recorder = recorder ?? throw new ArgumentNullException(nameof(recorder));
        _options = options;
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = loggerFactory.CreateLogger<ReplicaSetController>();
        _expectations = new ControllerExpectationsCache(timeProvider);
        _replicaSets = informers.ReplicaSets;
        _pods = informers.Pods;
        _runner = new ControllerRunner(new ControllerRunnerOptions { Name = Name, Workers = options.Workers }, this, _logger, timeProvider);
        RegisterHandlers();
    }

    /// <summary>Waits for the caches to sync, then runs the workers until cancelled.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        try
        {
            await Task.WhenAll(_replicaSets.WaitForSyncAsync(ct), _pods.WaitForSyncAsync(ct));
            await _runner.RunAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        finally
        {
            _runner.Dispose();
        }
    }

    /// <summary>
    /// Upstream's syncReplicaSet: claim pods, create or delete toward spec.replicas (only when expectations are
    /// satisfied and the ReplicaSet is not being deleted), then write the status.
    /// </summary>
    public async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var rs = _replicaSets.Cache.Get(key);
        if (rs is null)
        {
            _expectations.Delete(key);
            return;
        }

        LabelSelector selector;
        try
        {
            selector = LabelSelector.FromLabelSelector(rs.Spec?.Selector);
        }
        catch (SelectorParseException e)
        {
            LogInvalidSelector(_logger, e, key);
            return;
        }

        var needsSync = _expectations.Satisfied(key) && rs.Metadata.DeletionTimestamp is null;
        var active = (await ClaimPodsAsync(rs, selector, cancellationToken)).Where(PodDeletionOrder.IsActive).ToList();
        Exception? manageError = null;
        string? failureReason = null;
        if (needsSync)
        {
            try
            {
                await ManageReplicasAsync(key, rs, active, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                manageError = e;
                failureReason = active.Count < (rs.Spec?.Replicas ?? 1) ? "FailedCreate" : "FailedDelete";
            }
        }

        var now = _time.GetUtcNow();
        var status = ReplicaSetStatusCalculator.Calculate(rs, active, failureReason, manageError is null ? null : ApiErrors.Message(manageError), now);
        var updated = await UpdateStatusAsync(rs, status, cancellationToken);
        var replicas = updated.Spec?.Replicas ?? 1;
        var minReadySeconds = updated.Spec?.MinReadySeconds ?? 0;
        if (manageError is null && minReadySeconds > 0 && updated.Status?.ReadyReplicas == replicas && updated.Status?.AvailableReplicas != replicas)
        {
            _runner.Queue.AddAfter(key, TimeSpan.FromSeconds(minReadySeconds));
        }

        if (manageError is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(manageError);
        }
    }

    /// <summary>Writes the status when it changed; a conflict is retried once on a fresh read, as upstream.</summary>
    private async Task<V1ReplicaSet> UpdateStatusAsync(V1ReplicaSet rs, V1ReplicaSetStatus status, CancellationToken ct)
    {
        if (Api.Models.SemanticEquality.AreEqual(rs.Status, status))
        {
            return rs;
        }

        var copy = Api.Models.ModelCopy.Clone(rs)!;
        copy.Status = status;
        try
        {
            return await _control.UpdateReplicaSetStatusAsync(copy, ct);
        }
        catch (Exception e) when (ApiErrors.IsConflict(e))
        {
            var fresh = await _control.GetReplicaSetAsync(rs.Metadata.NamespaceProperty, rs.Metadata.Name, ct);
            fresh.Status = status;
            status.ObservedGeneration = Math.Min(status.ObservedGeneration ?? 0, fresh.Metadata.Generation ?? 0);
            return await _control.UpdateReplicaSetStatusAsync(fresh, ct);
        }
    }

    private void Enqueue(string key) => _runner.Queue.Add(key);

    private void Record(V1ReplicaSet rs, string type, string reason, string message) => _recorder.Record(rs, type, reason, message);

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

    [LoggerMessage(EventId = 300, Level = LogLevel.Warning, Message = "replicaset {Key}: invalid selector, not synced")]
    private static partial void LogInvalidSelector(ILogger logger, Exception e, string key);

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "replicaset {Key}: creating a pod failed")]
    private static partial void LogCreateFailed(ILogger logger, Exception e, string key);

    [LoggerMessage(EventId = 302, Level = LogLevel.Warning, Message = "replicaset {Key}: deleting pod {Pod} failed")]
    private static partial void LogDeleteFailed(ILogger logger, Exception e, string key, string pod);
}
