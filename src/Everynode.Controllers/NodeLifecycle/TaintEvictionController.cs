using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text.Json.Nodes;
using Everynode.Api.Resources;
using Everynode.Client.Controllers;
using Everynode.Client.Events;
using Everynode.Client.Informers;
using Microsoft.Extensions.Logging;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Everynode.Controllers.NodeLifecycle;

/// <summary>
/// Upstream's taint eviction controller (the NoExecute taint manager): deletes pods that do not tolerate their
/// node's NoExecute taints, at once or when their tolerationSeconds run out. Keyed by pod; a node change queues
/// every pod on the node. The pod gets the <c>DisruptionTarget</c> condition before its (graceful) deletion.
/// </summary>
/// <remarks>
/// Invariants: an eviction is scheduled at the first sync that finds the pod must go, and keeps that start time
/// while the pod still must go (later syncs neither postpone nor restart it); a pod whose taints go away, or that
/// comes to tolerate them forever, has its scheduled eviction cancelled (with upstream's event).
/// </remarks>
[SuppressMessage("Design", "CA1001", Justification = "The runner's queue is disposed when RunAsync ends.")]
public sealed partial class TaintEvictionController : IReconciler
{
    private readonly SharedInformer<V1Pod> _pods;
    private readonly SharedInformer<V1Node> _nodes;
    private readonly IKubernetes _client;
    private readonly IEventRecorder _recorder;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ControllerRunner _runner;

    private readonly EvictionSchedule _scheduled = new();

    public TaintEvictionController(SharedInformers informers, IEventRecorder recorder, ILoggerFactory loggerFactory, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(informers);
        ArgumentNullException.ThrowIfNull(recorder);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _pods = informers.Pods;
        _nodes = informers.Nodes;
        _client = informers.Client;
        _recorder = recorder;
        _time = timeProvider;
        _logger = loggerFactory.CreateLogger<TaintEvictionController>();
        _runner = new ControllerRunner(new ControllerRunnerOptions { Name = "taint-eviction-controller" }, this, _logger, timeProvider);
        _runner.Watch(_pods);
        _runner.Watch(_nodes, PodKeysOn);
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

    /// <summary>A node change matters only to the pods on it, and only if its NoExecute taints changed; queue them all.</summary>
    private IEnumerable<string> PodKeysOn(V1Node node) =>
        node.Spec?.Taints?.Any(t => t.Effect == NodeTaints.NoExecute) == true || !_scheduled.IsEmpty
            ? _pods.Cache.ByIndex(Indexers.NodeName, node.Metadata.Name).Select(CacheKeys.For)
            : [];

    public async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        var pod = _pods.Cache.Get(key);
        var node = pod?.Spec?.NodeName is { Length: > 0 } nodeName ? _nodes.Cache.Get(nodeName) : null;
        if (pod is null || node is null || pod.Metadata.DeletionTimestamp is not null)
        {
            // Gone, unbound, on a node we do not know, or already on its way out: nothing left to schedule.
            _scheduled.Forget(key);
            return;
        }

        var now = _time.GetUtcNow();
        var (step, delay) = _scheduled.Next(key, TaintEvictionPlanner.Decide(node.Spec?.Taints, pod.Spec.Tolerations), now);
        switch (step)
        {
            case EvictionStep.Cancelled:
                _recorder.Record(PodReference(pod), EventTypes.Normal, "TaintManagerEviction", $"Cancelling deletion of Pod {key}");
                return;
            case EvictionStep.Wait:
                _runner.Queue.AddAfter(key, delay);
                return;
            case EvictionStep.EvictNow:
                _recorder.Record(PodReference(pod), EventTypes.Normal, "TaintManagerEviction", $"Marking for deletion Pod {key}");
                LogEvicting(_logger, key, node.Metadata.Name);
                await EvictAsync(pod, cancellationToken);
                _scheduled.Forget(key);
                return;
            default:
                return;
        }
    }

    /// <summary>Upstream's addConditionAndDeletePod: DisruptionTarget first, then an ordinary graceful delete.</summary>
    private async Task EvictAsync(V1Pod pod, CancellationToken ct)
    {
        var condition = new V1PodCondition
        {
            Type = "DisruptionTarget",
            Status = "True",
            Reason = TaintEvictionPlanner.DisruptionTargetReason,
            Message = TaintEvictionPlanner.DisruptionTargetMessage,
            LastTransitionTime = MetaTime.From(_time.GetUtcNow()),
        };
        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject { ["uid"] = pod.Metadata.Uid },
            ["status"] = new JsonObject { ["conditions"] = new JsonArray(JsonNode.Parse(KubernetesJson.Serialize(condition))) },
        };
        try
        {
            await _client.CoreV1.PatchNamespacedPodStatusAsync(
                new V1Patch(patch.ToJsonString(), V1Patch.PatchType.StrategicMergePatch), pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: ct);
            await _client.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, pod.Metadata.NamespaceProperty,
                new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = pod.Metadata.Uid } }, cancellationToken: ct);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
            // Gone already, or replaced by another pod of the same name.
        }
    }

    private static V1ObjectReference PodReference(V1Pod pod) =>
        new() { ApiVersion = "v1", Kind = "Pod", Name = pod.Metadata.Name, NamespaceProperty = pod.Metadata.NamespaceProperty };

    [LoggerMessage(EventId = 460, Level = LogLevel.Information, Message = "evicting pod {Pod}: it does not tolerate the NoExecute taints of node {Node}")]
    private static partial void LogEvicting(ILogger logger, string pod, string node);
}
