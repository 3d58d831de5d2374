using Everynode.Client.Informers;
using Everynode.Controllers.DaemonSets;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace Everynode.Controllers.Tests.DaemonSets.Controller;

/// <summary>
/// Upstream's newTestController: a controller over informers that never run (their caches are seeded), a
/// recording control and event recorder, and a manual clock. <see cref="ObserveWrites"/> plays the informers'
/// part: the controller's own writes reach the caches and the handlers.
/// </summary>
internal sealed class ControllerHarness : IDisposable
{
    private readonly Kubernetes _client = new(new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" });
    private int _observedPods;
    private int _observedDeletes;
    private int _observedRevisions;
    private int _observedStatus;

    public ControllerHarness(DaemonSetControllerOptions? options = null)
    {
        Informers = new SharedInformers(_client, NullLoggerFactory.Instance);
        Control.GetDaemonSet = name => Informers.DaemonSets.Cache.Get("default", name)!;
        Control.PodSource = name => Informers.Pods.Cache.Get("default", name);
        Controller = new DaemonSetController(
            Informers, Control, Recorder, options ?? new DaemonSetControllerOptions(), NullLoggerFactory.Instance, Time);
    }

    public SharedInformers Informers { get; }

    public FakeDaemonSetControl Control { get; } = new();

    public RecordingEventRecorder Recorder { get; } = new();

    public FakeTimeProvider Time { get; } = new(DaemonSetTestObjects.Now);

    public DaemonSetController Controller { get; }

    public ControllerHarness With(params V1Node[] nodes)
    {
        foreach (var node in nodes)
        {
            Informers.Nodes.Cache.Seed(node);
        }

        return this;
    }

    public ControllerHarness With(V1DaemonSet ds)
    {
        Informers.DaemonSets.Cache.Seed(ds);
        return this;
    }

    public ControllerHarness With(params V1Pod[] pods)
    {
        foreach (var pod in pods)
        {
            Informers.Pods.Cache.Seed(pod);
        }

        return this;
    }

    public Task SyncAsync(V1DaemonSet ds) => Controller.SyncAsync(CacheKeys.For(ds), CancellationToken.None);

    /// <summary>The DaemonSet as the cache now holds it (with any status the controller wrote, once observed).</summary>
    public V1DaemonSet Current(V1DaemonSet ds) => Informers.DaemonSets.Cache.Get(CacheKeys.For(ds))!;

    /// <summary>Feeds the writes made since the last call back through the caches and the handlers.</summary>
    public void ObserveWrites()
    {
        foreach (var pod in Control.CreatedPods.Skip(_observedPods).ToList())
        {
            Informers.Pods.Cache.Seed(pod);
            Controller.OnPodAdd(pod);
        }

        foreach (var name in Control.DeletedPods.Skip(_observedDeletes).ToList())
        {
            if (Informers.Pods.Cache.Get("default", name) is { } pod)
            {
                Informers.Pods.Cache.Unseed(pod);
                Controller.OnPodDelete(pod);
            }
        }

        foreach (var revision in Control.CreatedRevisions.Skip(_observedRevisions).ToList())
        {
            Informers.ControllerRevisions.Cache.Seed(revision);
        }

        if (Control.StatusUpdates.Count > _observedStatus)
        {
            Informers.DaemonSets.Cache.Seed(Control.StatusUpdates[^1]);
        }

        (_observedPods, _observedDeletes, _observedRevisions, _observedStatus) =
            (Control.CreatedPods.Count, Control.DeletedPods.Count, Control.CreatedRevisions.Count, Control.StatusUpdates.Count);
    }

    /// <summary>Sync, then let the informers catch up.</summary>
    public async Task SyncAndObserveAsync(V1DaemonSet ds)
    {
        await SyncAsync(ds);
        ObserveWrites();
    }

    public Task<IReadOnlyList<string>> QueuedKeysAsync() => Controller.DrainQueueAsync(CancellationToken.None);

    public void Dispose() => _client.Dispose();
}
