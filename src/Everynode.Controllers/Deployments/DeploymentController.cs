using System.Diagnostics.CodeAnalysis;
using Everynode.Api.Models;
using Everynode.Api.Selectors;
using Everynode.Client.Controllers;
using Everynode.Client.Events;
using Everynode.Client.Informers;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Everynode.Controllers.Deployments;

/// <summary>
/// The Deployment controller (upstream's pkg/controller/deployment): one ReplicaSet per template revision
/// (<c>&lt;name&gt;-&lt;pod-template-hash&gt;</c>, annotated with <c>deployment.kubernetes.io/revision</c>), rolled
/// from old to new by RollingUpdate or Recreate, old revisions pruned to revisionHistoryLimit, and the status with the
/// Available and Progressing conditions. The ReplicaSet controller makes the pods. Each sync takes one kind of step
/// (create/scale the new ReplicaSet, or scale old ones down) and writes the status; the ReplicaSets' own status
/// changes bring the next sync.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "The runner's queue is disposed when RunAsync ends.")]
public sealed partial class DeploymentController : IReconciler
{
    private const string Name = "deployment-controller";
    public const string ScalingReplicaSet = "ScalingReplicaSet";
    public const string SelectingAll = "SelectingAll";

    private readonly SharedInformer<V1Deployment> _deployments;
    private readonly SharedInformer<V1ReplicaSet> _replicaSets;
    private readonly SharedInformer<V1Pod> _pods;
    private readonly IDeploymentControl _control;
    private readonly IEventRecorder _recorder;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ControllerRunner _runner;

    public DeploymentController(SharedInformers informers, IEventRecorder recorder, DeploymentControllerOptions options, ILoggerFactory loggerFactory, TimeProvider timeProvider)
        : this(informers, new KubernetesDeploymentControl((informers ?? throw new ArgumentNullException(nameof(informers))).Client), recorder, options, loggerFactory, timeProvider)
    {
    }

    internal DeploymentController(
        SharedInformers informers, IDeploymentControl control, IEventRecorder recorder, DeploymentControllerOptions options, ILoggerFactory loggerFactory, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(informers);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        options.Validate();
        _control = control ?? throw new ArgumentNullException(nameof(control));
        _recorder = recorder ?? throw new ArgumentNullException(nameof(recorder));
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = loggerFactory.CreateLogger<DeploymentController>();
        _deployments = informers.Deployments;
        _replicaSets = informers.ReplicaSets;
        _pods = informers.Pods;
        _runner = new ControllerRunner(new ControllerRunnerOptions { Name = Name, Workers = options.Workers }, this, _logger, timeProvider);
        RegisterHandlers();
    }

    public async Task RunAsync(CancellationToken ct)
    {
        try
        {
            await Task.WhenAll(_deployments.WaitForSyncAsync(ct), _replicaSets.WaitForSyncAsync(ct), _pods.WaitForSyncAsync(ct));
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

    /// <summary>Upstream's syncDeployment: claim ReplicaSets, then scale (paused or a replica change) or roll out.</summary>
    public async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_deployments.Cache.Get(key) is not { } cached)
        {
            return;
        }

        var d = ModelCopy.Clone(cached)!;
        var selector = d.Spec?.Selector;
        if ((selector?.MatchLabels?.Count ?? 0) + (selector?.MatchExpressions?.Count ?? 0) == 0)
        {
            _recorder.Record(d, EventTypes.Warning, SelectingAll, "This deployment is selecting all pods. A non-empty selector is required.");
            if ((d.Status?.ObservedGeneration ?? 0) < (d.Metadata.Generation ?? 0))
            {
                d.Status ??= new V1DeploymentStatus();
                d.Status.ObservedGeneration = d.Metadata.Generation;
                await _control.UpdateDeploymentStatusAsync(d, cancellationToken);
            }

            return;
        }

        LabelSelector parsed;
        try
        {
            parsed = LabelSelector.FromLabelSelector(selector);
        }
        catch (SelectorParseException e)
        {
            LogInvalidSelector(_logger, e, key);
            return;
        }

        var replicaSets = await ClaimReplicaSetsAsync(d, parsed, cancellationToken);
        if (d.Metadata.DeletionTimestamp is not null)
        {
            var (newRs, _) = Split(d, replicaSets);
            await WriteStatusAsync(d, DeploymentStatusCalculator.Calculate(d, replicaSets, newRs, _time.GetUtcNow()), cancellationToken);
            return;
        }

        var sync = new DeploymentSync(d, replicaSets);
        if (d.Spec?.Paused == true || DeploymentRollout.IsScalingEvent(d, replicaSets))
        {
            await ScaleAsync(sync, cancellationToken);
        }
        else if (DeploymentMath.IsRollingUpdate(d))
        {
            await RolloutRollingAsync(sync, cancellationToken);
        }
        else
        {
            await RolloutRecreateAsync(sync, cancellationToken);
        }
    }

    /// <summary>The new ReplicaSet (template equal to the Deployment's) and the old ones.</summary>
    private static (V1ReplicaSet? New, List<V1ReplicaSet> Old) Split(V1Deployment d, IReadOnlyList<V1ReplicaSet> all)
    {
        var newRs = DeploymentReplicaSets.FindNew(d, all);
        return (newRs, all.Where(rs => rs.Metadata.Uid != newRs?.Metadata.Uid).ToList());
    }

    private void Enqueue(string key) => _runner.Queue.Add(key);

    [LoggerMessage(EventId = 400, Level = LogLevel.Warning, Message = "deployment {Key}: invalid selector, not synced")]
    private static partial void LogInvalidSelector(ILogger logger, Exception e, string key);
}
