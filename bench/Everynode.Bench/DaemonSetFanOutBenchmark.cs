using System.Diagnostics;
using System.Net;
using Everynode.ApiServer;
using Everynode.Client.Connection;
using Everynode.Client.Events;
using Everynode.Client.Informers;
using Everynode.Controllers.DaemonSets;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using SchedulerComponent = Everynode.Scheduler.Scheduler;
using SchedulerOptions = Everynode.Scheduler.SchedulerOptions;

namespace Everynode.Bench;

/// <summary>
/// How long the DaemonSet controller and the scheduler take to cover N nodes: time from creating a DaemonSet until
/// every node has a bound daemon pod, for a given burst limit (the most creates one sync issues).
/// </summary>
public static class DaemonSetFanOutBenchmark
{
    public static async Task<TimeSpan> MeasureAsync(string directory, int nodes, int burstReplicas, CancellationToken ct)
    {
        var log = NullLoggerFactory.Instance;
        await using var host = await ApiServerHost.StartAsync(new ApiServerOptions
        {
            DataDirectory = directory,
            Port = 0,
            BindAddress = IPAddress.Loopback,
            Datastore = "memory://",
        }, log, ct);
        using var client = KubernetesClientFactory.FromToken(new Uri(host.Url), host.CaPem, host.AdminToken);
        await CreateNodesAsync(client, nodes, ct);

        var informers = new SharedInformers(client, log);
        var dsEvents = new EventRecorder(client, new EventRecorderOptions { Component = "daemonset-controller" }, log.CreateLogger("events"));
        var schedulerEvents = new EventRecorder(client, new EventRecorderOptions { Component = "default-scheduler" }, log.CreateLogger("events"));
        var controller = new DaemonSetController(informers, dsEvents, new DaemonSetControllerOptions { BurstReplicas = burstReplicas }, log, TimeProvider.System);
        var scheduler = new SchedulerComponent(informers, schedulerEvents, new SchedulerOptions(), log, TimeProvider.System);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var running = Task.WhenAll(informers.RunAsync(stop.Token), controller.RunAsync(stop.Token), scheduler.RunAsync(stop.Token),
            dsEvents.RunAsync(stop.Token), schedulerEvents.RunAsync(stop.Token));
        await informers.Nodes.WaitForSyncAsync(ct);

        var sw = Stopwatch.StartNew();
        await client.AppsV1.CreateNamespacedDaemonSetAsync(DaemonSet(), "default", cancellationToken: ct);
        while (informers.Pods.Cache.List().Count(p => !string.IsNullOrEmpty(p.Spec.NodeName)) < nodes)
        {
            await Task.Delay(5, ct);
        }

        var elapsed = sw.Elapsed;
        await stop.CancelAsync();
        try
        {
            await running;
        }
        catch (OperationCanceledException)
        {
        }

        return elapsed;
    }

    private static async Task CreateNodesAsync(Kubernetes client, int count, CancellationToken ct)
    {
        var capacity = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("4"), ["memory"] = new("8Gi"), ["pods"] = new("110") };
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                var name = $"node-{i:D5}";
                await client.CoreV1.CreateNodeAsync(new V1Node { Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["kubernetes.io/hostname"] = name } } }, cancellationToken: ct);
                var status = new V1Node { Status = new V1NodeStatus { Capacity = capacity, Allocatable = capacity } };
                await client.CoreV1.PatchNodeStatusAsync(new V1Patch(KubernetesJson.Serialize(status), V1Patch.PatchType.MergePatch), name, cancellationToken: ct);
            }
        }, ct)));
    }

    private static V1DaemonSet DaemonSet() => new()
    {
        Metadata = new V1ObjectMeta { Name = "fan-out" },
        Spec = new V1DaemonSetSpec
        {
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "fan-out" } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "fan-out" } },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "agent", Image = "registry.example/agent:1" }] },
            },
        },
    };
}
