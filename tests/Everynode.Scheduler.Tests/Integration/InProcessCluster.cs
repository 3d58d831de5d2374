using Everynode.Client.Connection;
using Everynode.Client.Events;
using Everynode.Client.Informers;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace Everynode.Scheduler.Tests.Integration;

/// <summary>
/// An <see cref="InProcessApiServer"/> with the scheduler composed as the server composes it:
/// shared informers, an event recorder for <c>default-scheduler</c>, then everything started.
/// </summary>
internal sealed class InProcessCluster : IAsyncDisposable
{
    private readonly InProcessApiServer _server;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _running = [];

    private InProcessCluster(InProcessApiServer server, Kubernetes client)
    {
        _server = server;
        Client = client;
    }

    public Kubernetes Client { get; }

    public Task SchedulerRun => _running[0];

    public static async Task<InProcessCluster> StartAsync()
    {
        var server = await InProcessApiServer.StartAsync("everynode-scheduler-tests-");
        var cluster = new InProcessCluster(server, KubernetesClientFactory.FromKubeconfig(server.Host.KubeconfigPath));
        cluster.StartScheduler();
        return cluster;
    }

    /// <summary>Creates a node, then writes its allocatable through nodes/status as a kubelet would.</summary>
    public async Task<V1Node> CreateNodeAsync(string name, string cpu = "4", string memory = "8Gi", bool unschedulable = false)
    {
        await Client.CoreV1.CreateNodeAsync(new V1Node
        {
            Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["kubernetes.io/hostname"] = name } },
            Spec = new V1NodeSpec { Unschedulable = unschedulable },
        });
        var resources = new Dictionary<string, string> { ["cpu"] = cpu, ["memory"] = memory, ["pods"] = "110" };
        var patch = new { status = new { capacity = resources, allocatable = resources } };
        return await Client.CoreV1.PatchNodeStatusAsync(new V1Patch(KubernetesJson.Serialize(patch), V1Patch.PatchType.MergePatch), name);
    }

    public async Task<V1Pod> CreatePodAsync(V1Pod pod) =>
        await Client.CoreV1.CreateNamespacedPodAsync(pod, pod.Metadata.NamespaceProperty ?? "default");

    public async Task<V1Pod> GetPodAsync(V1Pod pod) =>
        await Client.CoreV1.ReadNamespacedPodAsync(pod.Metadata.Name, pod.Metadata.NamespaceProperty ?? "default");

    /// <summary>The events about one pod, as <c>Type Reason component: message</c>.</summary>
    public async Task<IReadOnlyList<string>> EventsAboutAsync(V1Pod pod)
    {
        var events = await Client.CoreV1.ListNamespacedEventAsync(pod.Metadata.NamespaceProperty ?? "default");
        return [.. events.Items
            .Where(e => e.InvolvedObject.Name == pod.Metadata.Name && e.InvolvedObject.Kind == "Pod")
            .Select(e => $"{e.Type} {e.Reason} {e.Source?.Component}: {e.Message}")];
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Task.WhenAll(_running);
        }
        finally
        {
            Client.Dispose();
            await _server.DisposeAsync();
            _stop.Dispose();
        }
    }

    private void StartScheduler()
    {
        var informers = new SharedInformers(Client, NullLoggerFactory.Instance);
        var recorder = new EventRecorder(Client, new EventRecorderOptions { Component = SchedulerMessages.Component }, NullLogger.Instance);
        var scheduler = new Scheduler(informers, recorder, new SchedulerOptions(), NullLoggerFactory.Instance, TimeProvider.System);
        _running.Add(scheduler.RunAsync(_stop.Token));
        _running.Add(informers.RunAsync(_stop.Token));
        _running.Add(recorder.RunAsync(_stop.Token));
    }
}
