using System.Collections.Concurrent;
using Everynode.Agent.Pods;
using Everynode.Client.Informers;
using k8s;
using k8s.Models;

namespace Everynode.Agent.Simulation;

/// <summary>
/// The pods of every simulated node, fed by the fleet's one pod informer (all bound pods; those on nodes the fleet
/// does not run are ignored). Callbacks only update the pod's record and ask for a write; the writes (status
/// patches, the final delete of a pod being deleted) run on the fleet's workers, and the moments a pod's containers
/// start or it turns Ready are entries on the fleet's one timer.
/// </summary>
internal sealed class SimulatedPods : IInformerHandler<V1Pod>
{
    private readonly IKubernetes _client;
    private readonly FleetScheduler _scheduler;
    private readonly Func<string?, SimulatedNode?> _node;
    private readonly SimulatedFleetOptions _options;
    private readonly ConcurrentDictionary<string, SimulatedPod> _pods = new(StringComparer.Ordinal);

    public SimulatedPods(IKubernetes client, FleetScheduler scheduler, Func<string?, SimulatedNode?> node, SimulatedFleetOptions options)
    {
        _client = client;
        _scheduler = scheduler;
        _node = node;
        _options = options;
    }

    /// <summary>Called (on a worker) when a pod's Ready status has been written: the pod as written, and when.</summary>
    public Action<V1Pod, DateTimeOffset>? PodReady { get; set; }

    public int Count => _pods.Count;

    public void OnAdd(V1Pod obj) => Upsert(obj);

    public void OnUpdate(V1Pod oldObj, V1Pod newObj) => Upsert(newObj);

    public void OnDelete(V1Pod obj, bool finalStateUnknown)
    {
        if (obj.Metadata?.Uid is { } uid && _pods.TryRemove(uid, out var pod))
        {
            pod.Removed = true;
        }
    }

    /// <summary>A pod bound to one of the fleet's nodes appeared or changed (also used when a node joins the fleet late).</summary>
    public void Upsert(V1Pod pod)
    {
        if (_node(pod.Spec?.NodeName) is not { } node || pod.Metadata?.Uid is not { Length: > 0 } uid)
        {
            return;
        }

        if (_pods.TryGetValue(uid, out var known))
        {
            known.Pod = pod;
            if (known.Deleting)
            {
                RequestWrite(known);
            }

            return;
        }

        if (pod.Status?.Phase is "Succeeded" or "Failed")
        {
            return; // A finished pod never runs again.
        }

        var now = _scheduler.Now;
        var added = new SimulatedPod(pod, node.HostIP, now, _options.StartDelay, _options.TimeProvider);
        if (!_pods.TryAdd(uid, added))
        {
            return;
        }

        RequestWrite(added);
        if (added.RunningAt > now)
        {
            _scheduler.RunAt(added.RunningAt, _ => Wake(added));
        }

        if (added.ReadyAt > added.RunningAt)
        {
            _scheduler.RunAt(added.ReadyAt, _ => Wake(added));
        }
    }

    private Task Wake(SimulatedPod pod)
    {
        RequestWrite(pod);
        return Task.CompletedTask;
    }

    private void RequestWrite(SimulatedPod pod)
    {
        if (!pod.Removed && pod.TryBeginWrite())
        {
            _scheduler.Run(ct => WriteAsync(pod, ct));
        }
    }

    private async Task WriteAsync(SimulatedPod pod, CancellationToken ct)
    {
        try
        {
            do
            {
                await SyncAsync(pod, ct);
            }
            while (pod.EndWrite());
        }
        catch (Exception e) when (ApiCalls.IsTransient(e) && !ct.IsCancellationRequested)
        {
            // Try again in a second, as the kubelet's status manager does on its next sync.
            _scheduler.RecordTransient(e);
            pod.AbandonWrite();
            _scheduler.RunAt(_scheduler.Now + TimeSpan.FromSeconds(1), _ => Wake(pod));
        }
    }

    /// <summary>One level-triggered pass: a pod being deleted is confirmed gone (its simulated containers honour
    /// SIGTERM at once); otherwise the status of this moment is written when it differs from the last one.</summary>
    private async Task SyncAsync(SimulatedPod pod, CancellationToken ct)
    {
        if (pod.Removed)
        {
            return;
        }

        var current = pod.Pod;
        if (pod.Deleting)
        {
            await PodWrites.ConfirmDeletionAsync(_client, current.Metadata.NamespaceProperty, current.Metadata.Name, pod.Uid, ct);
            pod.Removed = true;
            return;
        }

        var now = _scheduler.Now;
        var status = pod.StatusAt(now);
        var json = KubernetesJson.Serialize(status);
        var digest = SimulatedPod.Digest(json);
        if (digest == pod.LastStatusDigest)
        {
            return;
        }

        if (!await PodWrites.WriteStatusAsync(_client, current.Metadata.NamespaceProperty, current.Metadata.Name, json, ct))
        {
            return; // Deleted meanwhile; its removal arrives next.
        }

        pod.LastStatusDigest = digest;
        pod.LastConditions = status.Conditions;
        if (!pod.ReadyReported && status.Conditions.Any(c => c.Type == "Ready" && c.Status == "True"))
        {
            pod.ReadyReported = true;
            PodReady?.Invoke(current, _scheduler.Now);
        }
    }
}
