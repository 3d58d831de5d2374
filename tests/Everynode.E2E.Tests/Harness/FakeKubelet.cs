using System.Collections.Concurrent;
using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Everynode.E2E.Tests.Harness;

/// <summary>
/// Plays the kubelet for a set of API-only nodes: polls the pods bound to them, reports every new one Running and
/// Ready through <c>/status</c> (as a kubelet does once its containers start), and finishes graceful deletions with
/// a grace-period-0 delete. Terminal pods (Failed, Succeeded) are left as they are, so tests can fail a pod on purpose.
/// It also heartbeats each node as a kubelet does: renews the node's Lease in kube-node-lease and posts the node's
/// conditions (Ready=True plus whatever <see cref="SetCondition"/> reported) whenever the stored ones differ.
/// <see cref="StopHeartbeat"/> makes a node look like a dead agent (nothing at all is done for it any more).
/// An image whose name contains <c>non-existent</c> (upstream's e2e uses <c>foo:non-existent</c>) cannot be pulled: such
/// a pod is reported Pending, its container waiting in <c>ImagePullBackOff</c>, never Ready.
/// </summary>
internal sealed class FakeKubelet : IAsyncDisposable
{
    private const string UnpullableMarker = "non-existent";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(150);

    private readonly Kubernetes _client;
    private static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, int> _nodes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _dead = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Node, string Type), string> _conditions = new();
    private DateTime _lastHeartbeat = DateTime.MinValue;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _podCounter;

    private FakeKubelet(Kubernetes client, IEnumerable<string> nodeNames)
    {
        _client = client;
        foreach (var node in nodeNames)
        {
            AddNode(node);
        }

        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    /// <summary>The last error a pass ran into (conflicts and NotFound are expected and not kept), for failure messages.</summary>
    public string? LastError { get; private set; }

    public static FakeKubelet Start(Kubernetes client, params string[] nodeNames) => new(client, nodeNames);

    /// <summary>Starts acting for one more node.</summary>
    public void AddNode(string nodeName) => _nodes.TryAdd(nodeName, _nodes.Count + 1);

    public bool Acts(string nodeName) => _nodes.ContainsKey(nodeName);

    /// <summary>The node's agent dies: no Lease renewals, no status, no pod work, until <see cref="ResumeHeartbeat"/>.</summary>
    public void StopHeartbeat(string nodeName) => _dead[nodeName] = true;

    /// <summary>The node's agent comes back: it heartbeats, reports Ready again and runs its pods.</summary>
    public void ResumeHeartbeat(string nodeName) => _dead.TryRemove(nodeName, out _);

    /// <summary>Reports a node condition (e.g. MemoryPressure=True) from the next heartbeat on.</summary>
    public void SetCondition(string nodeName, string type, string status) => _conditions[(nodeName, type)] = status;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await SyncOnceAsync(ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LastError = e.ToString();
            }

            await Task.Delay(PollInterval, ct);
        }
    }

    private async Task SyncOnceAsync(CancellationToken ct)
    {
        if (DateTime.UtcNow - _lastHeartbeat >= HeartbeatInterval)
        {
            _lastHeartbeat = DateTime.UtcNow;
            await HeartbeatAsync(ct);
        }

        var pods = await _client.CoreV1.ListPodForAllNamespacesAsync(cancellationToken: ct);
        foreach (var pod in pods.Items)
        {
            if (pod.Spec?.NodeName is not { } nodeName || !_nodes.TryGetValue(nodeName, out var nodeIndex) || _dead.ContainsKey(nodeName))
            {
                continue;
            }

            if (pod.Metadata.DeletionTimestamp is not null)
            {
                await IgnoreExpectedAsync(() => _client.CoreV1.DeleteNamespacedPodAsync(
                    pod.Metadata.Name, pod.Metadata.NamespaceProperty, new V1DeleteOptions { GracePeriodSeconds = 0 }, cancellationToken: ct));
            }
            else if (pod.Spec.Containers.Any(c => c.Image?.Contains(UnpullableMarker, StringComparison.Ordinal) == true))
            {
                if (pod.Status?.ContainerStatuses is null)
                {
                    SetImagePullBackOff(pod, nodeIndex);
                    await IgnoreExpectedAsync(() => _client.CoreV1.ReplaceNamespacedPodStatusAsync(pod, pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: ct));
                }
            }
            else if (pod.Status?.Phase is null or "Pending"
                || (pod.Status.Phase == "Running" && pod.Status.Conditions?.Any(c => c.Type == "Ready" && c.Status == "False") == true))
            {
                // New, or marked not Ready while this node was unreachable: report it running and ready again.
                SetRunningAndReady(pod, nodeIndex);
                await IgnoreExpectedAsync(() => _client.CoreV1.ReplaceNamespacedPodStatusAsync(pod, pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: ct));
            }
        }
    }

    /// <summary>Renews each live node's Lease and posts its conditions where the stored ones differ from what it reports.</summary>
    private async Task HeartbeatAsync(CancellationToken ct)
    {
        var now = DateTime.UtcNow;
        var nodes = (await _client.CoreV1.ListNodeAsync(cancellationToken: ct)).Items.ToDictionary(n => n.Metadata.Name, StringComparer.Ordinal);
        foreach (var name in _nodes.Keys.Where(n => !_dead.ContainsKey(n) && nodes.ContainsKey(n)))
        {
            await RenewLeaseAsync(name, now, ct);
            var reported = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["Ready"] = "True", ["MemoryPressure"] = "False", ["DiskPressure"] = "False", ["PIDPressure"] = "False",
            };
            foreach (var ((node, type), status) in _conditions)
            {
                if (node == name)
                {
                    reported[type] = status;
                }
            }

            var stored = nodes[name].Status?.Conditions ?? [];
            if (reported.All(r => stored.Any(c => c.Type == r.Key && c.Status == r.Value)))
            {
                continue;
            }

            var conditions = reported.Select(r => new V1NodeCondition
            {
                Type = r.Key,
                Status = r.Value,
                Reason = r.Key == "Ready" ? "KubeletReady" : $"Kubelet{r.Key}{r.Value}",
                Message = r.Key == "Ready" ? "kubelet is posting ready status" : $"kubelet reports {r.Key} {r.Value}",
                LastHeartbeatTime = now,
                LastTransitionTime = now,
            }).ToList();
            var patch = new V1Node { Status = new V1NodeStatus { Conditions = conditions } };
            await IgnoreExpectedAsync(() => _client.CoreV1.PatchNodeStatusAsync(
                new V1Patch(KubernetesJson.Serialize(patch), V1Patch.PatchType.StrategicMergePatch), name, cancellationToken: ct));
        }
    }

    private async Task RenewLeaseAsync(string nodeName, DateTime now, CancellationToken ct)
    {
        try
        {
            var lease = await _client.CoordinationV1.ReadNamespacedLeaseAsync(nodeName, "kube-node-lease", cancellationToken: ct);
            lease.Spec.RenewTime = now;
            await IgnoreExpectedAsync(() => _client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, nodeName, "kube-node-lease", cancellationToken: ct));
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            var lease = new V1Lease
            {
                Metadata = new V1ObjectMeta { Name = nodeName, NamespaceProperty = "kube-node-lease" },
                Spec = new V1LeaseSpec { HolderIdentity = nodeName, LeaseDurationSeconds = 40, RenewTime = now },
            };
            await IgnoreExpectedAsync(() => _client.CoordinationV1.CreateNamespacedLeaseAsync(lease, "kube-node-lease", cancellationToken: ct));
        }
    }

    private static void SetImagePullBackOff(V1Pod pod, int nodeIndex)
    {
        var now = DateTime.UtcNow;
        pod.Status ??= new V1PodStatus();
        pod.Status.Phase = "Pending";
        pod.Status.HostIP = $"10.0.0.{nodeIndex}";
        pod.Status.StartTime = now;
        pod.Status.Conditions =
        [
            new V1PodCondition { Type = "PodScheduled", Status = "True", LastTransitionTime = now },
            new V1PodCondition { Type = "Ready", Status = "False", Reason = "ContainersNotReady", LastTransitionTime = now },
        ];
        pod.Status.ContainerStatuses =
        [
            .. pod.Spec.Containers.Select(c => new V1ContainerStatus
            {
                Name = c.Name,
                Image = c.Image,
                ImageID = "",
                Ready = false,
                Started = false,
                RestartCount = 0,
                State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "ImagePullBackOff", Message = $"Back-off pulling image \"{c.Image}\"" } },
            }),
        ];
    }

    private void SetRunningAndReady(V1Pod pod, int nodeIndex)
    {
        var now = DateTime.UtcNow;
        var podNumber = Interlocked.Increment(ref _podCounter);
        var hostIp = $"10.0.0.{nodeIndex}";
        var podIp = $"10.244.{nodeIndex}.{(podNumber % 250) + 2}";
        pod.Status ??= new V1PodStatus();
        pod.Status.Phase = "Running";
        pod.Status.HostIP = hostIp;
        pod.Status.HostIPs = [new V1HostIP { Ip = hostIp }];
        pod.Status.PodIP = podIp;
        pod.Status.PodIPs = [new V1PodIP { Ip = podIp }];
        pod.Status.StartTime = now;
        pod.Status.Conditions =
        [
            .. new[] { "PodScheduled", "Initialized", "ContainersReady", "Ready" }
                .Select(type => new V1PodCondition { Type = type, Status = "True", LastTransitionTime = now }),
        ];
        pod.Status.ContainerStatuses =
        [
            .. pod.Spec.Containers.Select(c => new V1ContainerStatus
            {
                Name = c.Name,
                Image = c.Image,
                ImageID = c.Image,
                ContainerID = $"containerd://{Guid.NewGuid():N}",
                Ready = true,
                Started = true,
                RestartCount = 0,
                State = new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = now } },
            }),
        ];
    }

    private static async Task IgnoreExpectedAsync(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
            // The pod is gone or changed since the list; the next pass looks again.
        }
    }
}
