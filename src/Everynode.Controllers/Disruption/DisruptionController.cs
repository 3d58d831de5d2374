using System.Diagnostics.CodeAnalysis;
using System.Net;
using Everynode.Api.Models;
using Everynode.Api.PodDisruptionBudgets;
using Everynode.Api.Selectors;
using Everynode.Api.Validation;
using Everynode.Client.Controllers;
using Everynode.Client.Events;
using Everynode.Client.Informers;
using Microsoft.Extensions.Logging;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Everynode.Controllers.Disruption;

/// <summary>
/// Upstream's disruption controller: keeps every PodDisruptionBudget's status (currentHealthy, desiredHealthy,
/// expectedPods, disruptionsAllowed, disruptedPods, the DisruptionAllowed condition) true to the pods it selects,
/// so that the eviction subresource can decide from it alone. See <see cref="DisruptionPlanner"/> for the arithmetic.
/// </summary>
/// <remarks>
/// Invariants: a sync writes the status only when it differs; a budget whose expected pods cannot be worked out
/// gets disruptionsAllowed 0 and DisruptionAllowed=False/SyncFailed (upstream's failSafe), so evictions stop rather
/// than guess; an entry of disruptedPods is rechecked when it expires.
/// </remarks>
[SuppressMessage("Design", "CA1001", Justification = "The runner's queue is disposed when RunAsync ends.")]
public sealed partial class DisruptionController : IReconciler
{
    private readonly SharedInformer<V1PodDisruptionBudget> _budgets;
    private readonly SharedInformer<V1Pod> _pods;
    private readonly SharedInformer<V1DaemonSet> _daemonSets;
    private readonly IKubernetes _client;
    private readonly IEventRecorder _recorder;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ControllerRunner _runner;

    public DisruptionController(SharedInformers informers, IEventRecorder recorder, ILoggerFactory loggerFactory, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(informers);
        ArgumentNullException.ThrowIfNull(recorder);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _budgets = informers.PodDisruptionBudgets;
        _pods = informers.Pods;
        _daemonSets = informers.DaemonSets;
        _client = informers.Client;
        _recorder = recorder;
        _time = timeProvider;
        _logger = loggerFactory.CreateLogger<DisruptionController>();
        _runner = new ControllerRunner(new ControllerRunnerOptions { Name = "disruption-controller" }, this, _logger, timeProvider);
        _runner.Watch(_budgets);
        _runner.Watch(_pods, BudgetKeysFor);
        _runner.Watch(_daemonSets, ds => BudgetKeysIn(ds.Metadata.NamespaceProperty));
    }

    public async Task RunAsync(CancellationToken ct)
    {
        try
        {
            await _runner.RunAsync(ct);
        }
        finally
        {
            _runner.Dispose();
        }
    }

    private IEnumerable<string> BudgetKeysFor(V1Pod pod) =>
        _budgets.Cache.ByIndex(Indexers.Namespace, pod.Metadata.NamespaceProperty ?? "")
            .Where(b => LabelSelector.TryFromLabelSelector(b.Spec?.Selector, out var selector) && selector.Matches(pod.Metadata.Labels))
            .Select(CacheKeys.For);

    private IEnumerable<string> BudgetKeysIn(string? ns) =>
        _budgets.Cache.ByIndex(Indexers.Namespace, ns ?? "").Select(CacheKeys.For);

    public async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        var pdb = _budgets.Cache.Get(key);
        if (pdb is null)
        {
            return;
        }

        var now = _time.GetUtcNow();
        var pods = DisruptionPlanner.SelectPods(pdb, _pods.Cache.ByIndex(Indexers.Namespace, pdb.Metadata.NamespaceProperty ?? ""));
        if (pods.Count == 0)
        {
            _recorder.Record(pdb, EventTypes.Normal, "NoPods", "No matching pods found");
        }

        DisruptionPlan result;
        try
        {
            result = DisruptionPlanner.Compute(pdb, pods, ControllerScale(pdb.Metadata.NamespaceProperty), now);
        }
        catch (ExpectedPodCountException e)
        {
            _recorder.Record(pdb, EventTypes.Warning, "CalculateExpectedPodCountFailed", $"Failed to calculate the number of expected pods: {e.Message}");
            await FailSafeAsync(pdb, e.Message, now, cancellationToken);
            return;
        }

        if (result.HasUnmanagedPods)
        {
            _recorder.Record(pdb, EventTypes.Warning, "UnmanagedPods",
                $"Pods selected by this PodDisruptionBudget (selector: {GoValue.LabelSelector(pdb.Spec?.Selector).Text}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set \".spec.minAvailable\" field of the PDB to an integer value.");
        }

        foreach (var pod in result.NotDeleted)
        {
            _recorder.Record(pod, EventTypes.Warning, "NotDeleted", $"Pod was expected by PDB {key} to be deleted but it wasn't");
        }

        if (result.Status is { } status)
        {
            await WriteStatusAsync(pdb, status, cancellationToken);
        }

        if (result.RecheckAt is { } recheck)
        {
            _runner.Queue.AddAfter(key, recheck - now);
        }
    }

    /// <summary>A controllerRef's scale: a DaemonSet's desiredNumberScheduled (matched by UID); null for anything unknown.</summary>
    private Func<V1OwnerReference, int?> ControllerScale(string? ns) => owner =>
        owner.Kind == "DaemonSet" && owner.ApiVersion?.StartsWith("apps/", StringComparison.Ordinal) == true
            && _daemonSets.Cache.Get(ns, owner.Name) is { } ds && ds.Metadata.Uid == owner.Uid
            ? ds.Status?.DesiredNumberScheduled ?? 0
            : null;

    private async Task FailSafeAsync(V1PodDisruptionBudget cached, string error, DateTimeOffset now, CancellationToken ct)
    {
        var pdb = ModelCopy.Clone(cached);
        pdb.Status ??= new V1PodDisruptionBudgetStatus();
        pdb.Status.DisruptionsAllowed = 0;
        DisruptionAllowedCondition.Set(pdb, "False", DisruptionAllowedCondition.SyncFailed, error, now);
        await WriteStatusAsync(cached, pdb.Status, ct);
    }

    private async Task WriteStatusAsync(V1PodDisruptionBudget cached, V1PodDisruptionBudgetStatus status, CancellationToken ct)
    {
        var pdb = ModelCopy.Clone(cached);
        pdb.Status = status;
        try
        {
            await _client.PolicyV1.ReplaceNamespacedPodDisruptionBudgetStatusAsync(pdb, pdb.Metadata.Name, pdb.Metadata.NamespaceProperty, cancellationToken: ct);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            // Deleted meanwhile.
        }
    }
}
