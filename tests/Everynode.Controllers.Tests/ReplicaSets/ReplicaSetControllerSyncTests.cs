using Everynode.Client.Informers;
using Everynode.Controllers.ReplicaSets;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using static Everynode.Controllers.Tests.ReplicaSets.ReplicaSetTestObjects;

namespace Everynode.Controllers.Tests.ReplicaSets;

/// <summary>SyncAsync against seeded caches and a recording control: the exact writes and events.</summary>
public sealed class ReplicaSetControllerSyncTests : IDisposable
{
    private readonly Kubernetes _client = new(new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" });
    private readonly SharedInformers _informers;
    private readonly FakeReplicaSetControl _control = new();
    private readonly RecordingEventRecorder _recorder = new();
    private readonly ReplicaSetController _controller;

    public ReplicaSetControllerSyncTests()
    {
        _informers = new SharedInformers(_client, NullLoggerFactory.Instance);
        _control.GetReplicaSet = name => _informers.ReplicaSets.Cache.Get("default", name)!;
        _controller = new ReplicaSetController(_informers, _control, _recorder, new ReplicaSetControllerOptions(), NullLoggerFactory.Instance, new FakeTimeProvider(Now));
    }

    public void Dispose() => _client.Dispose();

    private Task SyncAsync(V1ReplicaSet rs) => _controller.SyncAsync(CacheKeys.For(rs), CancellationToken.None);

    private void Seed(V1ReplicaSet rs, params V1Pod[] pods)
    {
        _informers.ReplicaSets.Cache.Seed(rs);
        foreach (var pod in pods)
        {
            _informers.Pods.Cache.Seed(pod);
        }
    }

    [Fact]
    public async Task Sync_NoPods_CreatesReplicasOwnedPodsWithEvents()
    {
        var rs = NewReplicaSet(replicas: 3);
        Seed(rs);
        await SyncAsync(rs);
        Assert.Equal(3, _control.CreatedPods.Count);
        var pod = _control.CreatedPods[0];
        Assert.Equal("web-", pod.Metadata.GenerateName);
        Assert.Equal("web", pod.Metadata.Labels["app"]);
        var owner = Assert.Single(pod.Metadata.OwnerReferences);
        Assert.Equal(("apps/v1", "ReplicaSet", "web", "rs-uid", true, true), (owner.ApiVersion, owner.Kind, owner.Name, owner.Uid, owner.Controller, owner.BlockOwnerDeletion));
        Assert.Equal(["Normal SuccessfulCreate Created pod: web-0", "Normal SuccessfulCreate Created pod: web-1", "Normal SuccessfulCreate Created pod: web-2"],
            _recorder.Events.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Sync_CreatesNotYetObserved_DoesNotCreateAgain()
    {
        var rs = NewReplicaSet(replicas: 2);
        Seed(rs);
        await SyncAsync(rs);
        await SyncAsync(rs);
        Assert.Equal(2, _control.CreatedPods.Count);
        foreach (var pod in _control.CreatedPods)
        {
            _informers.Pods.Cache.Seed(pod);
            _controller.OnPodAdd(pod);
        }

        await SyncAsync(rs);
        Assert.Equal(2, _control.CreatedPods.Count);
    }

    [Fact]
    public async Task Sync_TooManyPods_DeletesTheNotReadyOneFirst()
    {
        var rs = NewReplicaSet(replicas: 2);
        Seed(rs, NewPod("a", rs, node: "node-0"), NewPod("b", rs, node: "node-1", ready: false), NewPod("c", rs, node: "node-2"));
        await SyncAsync(rs);
        Assert.Equal(["b"], _control.DeletedPods);
        Assert.Equal(["Normal SuccessfulDelete Deleted pod: b"], _recorder.Events);
    }

    [Fact]
    public async Task Sync_MatchingOrphan_IsAdoptedAndCounted()
    {
        var rs = NewReplicaSet(replicas: 1);
        Seed(rs, NewPod("orphan"));
        await SyncAsync(rs);
        var (name, patch) = Assert.Single(_control.PodPatches);
        Assert.Equal("orphan", name);
        Assert.Contains("\"kind\":\"ReplicaSet\",\"name\":\"web\",\"uid\":\"rs-uid\",\"controller\":true", patch, StringComparison.Ordinal);
        Assert.Empty(_control.CreatedPods);
    }

    [Fact]
    public async Task Sync_OwnedPodNoLongerMatching_IsReleasedAndReplaced()
    {
        var rs = NewReplicaSet(replicas: 1);
        Seed(rs, NewPod("relabelled", rs, app: "other"));
        await SyncAsync(rs);
        var (name, patch) = Assert.Single(_control.PodPatches);
        Assert.Equal("relabelled", name);
        Assert.Contains("\"$patch\":\"delete\",\"uid\":\"rs-uid\"", patch, StringComparison.Ordinal);
        Assert.Single(_control.CreatedPods);
    }

    [Fact]
    public async Task Sync_WritesStatusOnlyWhenItChanges()
    {
        var rs = NewReplicaSet(replicas: 2);
        Seed(rs, NewPod("a", rs), NewPod("b", rs, ready: false));
        await SyncAsync(rs);
        var status = Assert.Single(_control.StatusUpdates).Status;
        Assert.Equal((2, 2, 1, 1, 1L), (status.Replicas, status.FullyLabeledReplicas ?? 0, status.ReadyReplicas ?? 0, status.AvailableReplicas ?? 0, status.ObservedGeneration ?? 0));
        _informers.ReplicaSets.Cache.Seed(_control.StatusUpdates[0]);
        await SyncAsync(rs);
        Assert.Single(_control.StatusUpdates);
    }

    [Fact]
    public async Task Sync_TerminatingAndFinishedPods_AreNotCounted()
    {
        var rs = NewReplicaSet(replicas: 2);
        var deleting = NewPod("deleting", rs);
        deleting.Metadata.DeletionTimestamp = Now.UtcDateTime;
        Seed(rs, NewPod("a", rs), deleting, NewPod("done", rs, phase: "Succeeded", ready: false));
        await SyncAsync(rs);
        Assert.Single(_control.CreatedPods);
    }
}
