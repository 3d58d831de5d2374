using Everynode.Api.Models;
using Everynode.Client.Informers;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace Everynode.Scheduler.Tests.Infrastructure;

/// <summary>
/// A scheduler over informers that are fed by the test: each change is put in the informer's cache and handed
/// to the scheduler's handler, as the informer would. Writes go to a <see cref="FakePodBinder"/>, events to a
/// <see cref="RecordingEventRecorder"/>, time is a <see cref="FakeTimeProvider"/>.
/// </summary>
internal sealed class SchedulerHarness
{
    private readonly HashSet<string> _confirmed = [];

    public SchedulerHarness(SchedulerOptions? options = null)
    {
        Pods = new SharedInformer<V1Pod>(new QuietListWatch<V1Pod>(), null, NullLogger.Instance, Time);
        Nodes = new SharedInformer<V1Node>(new QuietListWatch<V1Node>(), null, NullLogger.Instance, Time);
        Scheduler = new Scheduler(Pods, Nodes, Recorder, Binder, options ?? new SchedulerOptions(), NullLoggerFactory.Instance, Time);
    }

    public FakeTimeProvider Time { get; } = new();

    public FakePodBinder Binder { get; } = new();

    public RecordingEventRecorder Recorder { get; } = new();

    public SharedInformer<V1Pod> Pods { get; }

    public SharedInformer<V1Node> Nodes { get; }

    public Scheduler Scheduler { get; }

    /// <summary>Runs the (quiet) informers and the scheduler's loop; returns the loop's task.</summary>
    public async Task<Task> StartAsync(CancellationToken ct)
    {
        _ = Pods.RunAsync(ct);
        _ = Nodes.RunAsync(ct);
        await Task.WhenAll(Pods.WaitForSyncAsync(ct), Nodes.WaitForSyncAsync(ct));
        return Scheduler.RunAsync(ct);
    }

    public void AddNode(V1Node node)
    {
        Nodes.Cache.Seed(node);
        Scheduler.OnNodeAdded(node);
    }

    public void UpdateNode(V1Node node)
    {
        var old = Nodes.Cache.Get(node.Metadata.Name) ?? throw new InvalidOperationException("no such node");
        Nodes.Cache.Seed(node);
        Scheduler.OnNodeUpdated(old, node);
    }

    public V1Pod AddPod(V1Pod pod)
    {
        pod.Metadata.Uid ??= Guid.NewGuid().ToString();
        Pods.Cache.Seed(pod);
        Scheduler.OnPodAdded(pod);
        return pod;
    }

    public void UpdatePod(V1Pod pod)
    {
        var old = Pods.Cache.Get(pod.Metadata.NamespaceProperty, pod.Metadata.Name) ?? throw new InvalidOperationException("no such pod");
        pod.Metadata.Uid ??= old.Metadata.Uid;
        Pods.Cache.Seed(pod);
        Scheduler.OnPodUpdated(old, pod);
    }

    public void DeletePod(V1Pod pod)
    {
        var old = Pods.Cache.Get(pod.Metadata.NamespaceProperty, pod.Metadata.Name) ?? pod;
        Pods.Cache.Unseed(old);
        Scheduler.OnPodDeleted(old);
    }

    /// <summary>What the informer would report after the server accepted the bindings: the pods with spec.nodeName.</summary>
    public void ConfirmBindings()
    {
        foreach (var write in Binder.Binds)
        {
            if (!_confirmed.Add(write))
            {
                continue;
            }

            var parts = write.Split(' ');
            var (ns, name) = CacheKeys.Split(parts[1]);
            var bound = ModelCopy.Clone(Pods.Cache.Get(ns, name)!);
            bound.Spec.NodeName = parts[2];
            UpdatePod(bound);
        }
    }

    /// <summary>Schedules until no pod is ready and no write is in flight.</summary>
    public async Task DrainAsync()
    {
        do
        {
            while (await Scheduler.ScheduleNextAsync(CancellationToken.None))
            {
            }

            await Scheduler.WaitForEffectsAsync();
        }
        while (await Scheduler.ScheduleNextAsync(CancellationToken.None));

        await Scheduler.WaitForEffectsAsync();
    }
}
