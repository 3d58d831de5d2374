using Everynode.Client.Informers;
using Everynode.Controllers.Deployments;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using static Everynode.Controllers.Tests.Deployments.DeploymentTestObjects;

namespace Everynode.Controllers.Tests.Deployments;

/// <summary>SyncAsync against seeded caches and a recording control: the exact writes and events of one step.</summary>
public sealed class DeploymentControllerSyncTests : IDisposable
{
    private readonly Kubernetes _client = new(new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" });
    private readonly SharedInformers _informers;
    private readonly FakeDeploymentControl _control = new();
    private readonly RecordingEventRecorder _recorder = new();
    private readonly DeploymentController _controller;

    public DeploymentControllerSyncTests()
    {
        _informers = new SharedInformers(_client, NullLoggerFactory.Instance);
        _controller = new DeploymentController(_informers, _control, _recorder, new DeploymentControllerOptions(), NullLoggerFactory.Instance, new FakeTimeProvider(Now));
    }

    public void Dispose() => _client.Dispose();

    private Task SyncAsync(V1Deployment d)
    {
        _informers.Deployments.Cache.Seed(d);
        return _controller.SyncAsync(CacheKeys.For(d), CancellationToken.None);
    }

    private static V1ReplicaSet Owned(V1ReplicaSet rs)
    {
        rs.Metadata.Labels = new Dictionary<string, string>(rs.Spec.Template.Metadata.Labels);
        rs.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = "web", Uid = "d-uid", Controller = true }];
        return rs;
    }

    [Fact]
    public async Task Sync_NewDeployment_CreatesTheFirstReplicaSetWithAllReplicas()
    {
        await SyncAsync(NewDeployment(3));
        var rs = Assert.Single(_control.Created);
        Assert.Equal(3, rs.Spec.Replicas);
        Assert.Equal("1", rs.Metadata.Annotations[DeploymentAnnotations.Revision]);
        Assert.Equal($"Normal ScalingReplicaSet Scaled up replica set {rs.Metadata.Name} from 0 to 3", Assert.Single(_recorder.Events));
        var written = _control.StatusWrites[0];
        Assert.Equal("1", written.Metadata.Annotations[DeploymentAnnotations.Revision]);
        var progressing = written.Status.Conditions.Single(c => c.Type == "Progressing");
        Assert.Equal(("NewReplicaSetCreated", $"Created new replica set \"{rs.Metadata.Name}\""), (progressing.Reason, progressing.Message));
    }

    [Fact]
    public async Task Sync_TemplateChanged_NewReplicaSetStartsAtTheSurge_AndOneOldPodMayGo()
    {
        var old = Owned(NewReplicaSet("old", 4, 4));
        DeploymentAnnotations.SetReplicasAnnotations(old, 4, 5);
        _informers.ReplicaSets.Cache.Seed(old);
        await SyncAsync(NewDeployment(4, maxSurge: "25%", maxUnavailable: "25%"));
        var rs = Assert.Single(_control.Created);
        Assert.Equal(1, rs.Spec.Replicas);
        Assert.Equal("2", rs.Metadata.Annotations[DeploymentAnnotations.Revision]);
        // As upstream, the same sync goes on to the old ReplicaSet: maxUnavailable 1 lets one of its 4 available pods go.
        var scaled = Assert.Single(_control.Updated);
        Assert.Equal(("web-old", 3), (scaled.Metadata.Name, scaled.Spec.Replicas ?? -1));
    }

    [Fact]
    public async Task Sync_NewReplicaSetSaturated_ScalesTheOldOneDownWithinMaxUnavailable()
    {
        var old = Owned(NewReplicaSet("old", 4, 4));
        var current = Owned(NewReplicaSet("new", 4, 2, "busybox:1.37", revision: 2));
        foreach (var rs in new[] { old, current })
        {
            DeploymentAnnotations.SetReplicasAnnotations(rs, 4, 5);
            _informers.ReplicaSets.Cache.Seed(rs);
        }

        await SyncAsync(NewDeployment(4, maxSurge: "25%", maxUnavailable: "25%"));
        // minAvailable 3; 8 − 3 − 2 (new unavailable) = 3 may go, and 6 available − 3 = 3 available ones may go.
        var scaled = Assert.Single(_control.Updated, r => r.Metadata.Name == "web-old");
        Assert.Equal(1, scaled.Spec.Replicas);
        Assert.Contains("Normal ScalingReplicaSet Scaled down replica set web-old from 4 to 1", _recorder.Events);
    }

    [Fact]
    public async Task Sync_ReplicasChanged_IsAScalingEventNotARollout()
    {
        var current = Owned(NewReplicaSet("new", 3, 3, "busybox:1.37"));
        DeploymentAnnotations.SetReplicasAnnotations(current, 3, 4);
        _informers.ReplicaSets.Cache.Seed(current);
        await SyncAsync(NewDeployment(5));
        var scaled = Assert.Single(_control.Updated);
        Assert.Equal(5, scaled.Spec.Replicas);
        Assert.Equal("5", scaled.Metadata.Annotations[DeploymentAnnotations.DesiredReplicas]);
        Assert.Empty(_control.Created);
    }
}
