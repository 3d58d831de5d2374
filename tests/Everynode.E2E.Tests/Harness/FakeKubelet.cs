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
/// An image whose name contains <c>non-existent</c> (upstream's e2e uses <c>foo:non-existent</c>) cannot be pulled: such
/// a pod is reported Pending, its container waiting in <c>ImagePullBackOff</c>, never Ready.
/// </summary>
internal sealed class FakeKubelet : IAsyncDisposable
{
    private const string UnpullableMarker = "non-existent";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(150);

    private readonly Kubernetes _client;
    private readonly ConcurrentDictionary<string, int> _nodes = new(StringComparer.Ordinal);
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
        var pods = await _client.CoreV1.ListPodForAllNamespacesAsync(cancellationToken: ct);
        foreach (var pod in pods.Items)
        {
            if (pod.Spec?.NodeName is not { } nodeName || !_nodes.TryGetValue(nodeName, out var nodeIndex))
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
            else if (pod.Status?.Phase is null or "Pending")
            {
                SetRunningAndReady(pod, nodeIndex);
                await IgnoreExpectedAsync(() => _client.CoreV1.ReplaceNamespacedPodStatusAsync(pod, pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: ct));
            }
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
