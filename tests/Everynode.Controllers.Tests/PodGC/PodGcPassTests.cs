using Everynode.Client.Informers;
using Everynode.Controllers.PodGC;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace Everynode.Controllers.Tests.PodGC;

/// <summary>Passes of the pod garbage collector over seeded caches and a manual clock.</summary>
public sealed class PodGcPassTests
{
    private static readonly DateTime T0 = new(2024, 12, 1, 0, 0, 0, DateTimeKind.Utc);

    private readonly InformerCache<V1Pod> _pods = new();
    private readonly InformerCache<V1Node> _nodes = new();
    private readonly FakePodGcControl _control = new();
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public async Task Gc_PodOnMissingNode_IsFailedAndForceDeletedOnlyAfterTheQuarantine()
    {
        _pods.Seed(Pod("p", node: "ghost"));
        var pass = NewPass();

        await pass.GcAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(39));
        await pass.GcAsync(CancellationToken.None);
        Assert.Empty(_control.Writes);
        Assert.Empty(_control.NodeReads);

        _clock.Advance(TimeSpan.FromSeconds(1));
        await pass.GcAsync(CancellationToken.None);

        Assert.Equal(["ghost"], _control.NodeReads);
        Assert.Equal(["fail default/p DisruptionTarget/DeletionByPodGC", "delete default/p"], _control.Writes);
    }

    [Fact]
    public async Task Gc_PodOnExistingNode_Stays()
    {
        _nodes.Seed(Node("real"));
        _pods.Seed(Pod("p", node: "real"));
        var pass = NewPass();

        await pass.GcAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(5));
        await pass.GcAsync(CancellationToken.None);

        Assert.Empty(_control.Writes);
    }

    [Fact]
    public async Task Gc_NodeMissingFromTheCacheButLive_KeepsItsPods()
    {
        _control.LiveNodes.Add("lagging");
        _pods.Seed(Pod("p", node: "lagging"));
        var pass = NewPass();

        await pass.GcAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(40));
        await pass.GcAsync(CancellationToken.None);

        Assert.Equal(["lagging"], _control.NodeReads);
        Assert.Empty(_control.Writes);
    }

    [Fact]
    public async Task Gc_NodeReturnsDuringQuarantine_KeepsItsPods()
    {
        _pods.Seed(Pod("p", node: "flaky"));
        var pass = NewPass();
        await pass.GcAsync(CancellationToken.None);

        _nodes.Seed(Node("flaky"));
        _clock.Advance(TimeSpan.FromSeconds(40));
        await pass.GcAsync(CancellationToken.None);

        Assert.Empty(_control.NodeReads);
        Assert.Empty(_control.Writes);
    }

    [Fact]
    public async Task Gc_TerminatingPodOnMissingNode_IsForceDeletedToo()
    {
        var pod = Pod("p", node: "ghost", phase: "Running");
        pod.Metadata.DeletionTimestamp = T0;
        _pods.Seed(pod);
        var pass = NewPass(new PodGcOptions { QuarantineTime = TimeSpan.Zero });

        await pass.GcAsync(CancellationToken.None);

        Assert.Equal(["fail default/p DisruptionTarget/DeletionByPodGC", "delete default/p"], _control.Writes);
    }

    [Fact]
    public async Task Gc_TerminatedPodsAboveTheThreshold_DeletesTheOldestWithoutMarkingThem()
    {
        _nodes.Seed(Node("real"));
        _pods.Seed(Pod("newest", "real", "Succeeded", created: T0.AddMinutes(3)));
        _pods.Seed(Pod("oldest", "real", "Failed", created: T0));
        _pods.Seed(Pod("middle", "real", "Succeeded", created: T0.AddMinutes(2)));
        _pods.Seed(Pod("older", "real", "Succeeded", created: T0.AddMinutes(1)));
        _pods.Seed(Pod("running", "real", "Running", created: T0.AddMinutes(-5)));
        var pass = NewPass(new PodGcOptions { TerminatedPodThreshold = 2, Workers = 1 });

        await pass.GcAsync(CancellationToken.None);

        Assert.Equal(["delete default/oldest", "delete default/older"], _control.Writes);
    }

    [Fact]
    public void TerminatedPodsToDelete_EvictedPodsGoFirst()
    {
        var evicted = Pod("evicted", "n", "Failed", created: T0.AddHours(1));
        evicted.Status.Reason = "Evicted";
        V1Pod[] pods = [Pod("old", "n", "Succeeded", created: T0), evicted, Pod("new", "n", "Succeeded", created: T0.AddHours(2))];

        Assert.Equal(["evicted", "old"], PodGcPlanner.TerminatedPodsToDelete(pods, 1).Select(p => p.Metadata.Name));
        Assert.Empty(PodGcPlanner.TerminatedPodsToDelete(pods, 3));
        Assert.Empty(PodGcPlanner.TerminatedPodsToDelete(pods, 0));
    }

    [Fact]
    public async Task Gc_UnscheduledTerminatingPod_IsFailedAndForceDeleted()
    {
        var pod = Pod("p", node: null, phase: "Pending");
        pod.Metadata.DeletionTimestamp = T0;
        pod.Metadata.Finalizers = ["example.com/hold"];
        _pods.Seed(pod);

        await NewPass().GcAsync(CancellationToken.None);

        Assert.Equal(["fail default/p", "delete default/p"], _control.Writes);
    }

    [Fact]
    public async Task Gc_TerminatingPodOnOutOfServiceNode_IsForceDeleted()
    {
        var node = Node("down");
        node.Spec = new V1NodeSpec { Taints = [new V1Taint { Key = PodGcPlanner.OutOfServiceTaint, Effect = "NoExecute" }] };
        _nodes.Seed(node);
        var pod = Pod("p", node: "down", phase: "Running");
        pod.Metadata.DeletionTimestamp = T0;
        _pods.Seed(pod);
        _pods.Seed(Pod("healthy", node: "down", phase: "Running"));

        await NewPass().GcAsync(CancellationToken.None);

        Assert.Equal(["fail default/p", "delete default/p"], _control.Writes);
    }

    private PodGcPass NewPass(PodGcOptions? options = null) =>
        new(_pods, _nodes, _control, options ?? new PodGcOptions(), _clock, NullLogger.Instance);

    private static V1Node Node(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Uid = name + "-uid" },
        Status = new V1NodeStatus { Conditions = [new V1NodeCondition { Type = "Ready", Status = "False" }] },
    };

    private static V1Pod Pod(string name, string? node, string phase = "Running", DateTime? created = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default", Uid = name + "-uid", CreationTimestamp = created ?? T0 },
        Spec = new V1PodSpec { NodeName = node },
        Status = new V1PodStatus { Phase = phase },
    };
}
