using k8s.Models;
using static Everynode.Controllers.Tests.GarbageCollector.GcTestObjects;

namespace Everynode.Controllers.Tests.GarbageCollector;

/// <summary>The Deployment → ReplicaSet → Pod chain: each level is collected when its owner is gone.</summary>
public sealed class GarbageCollectorWorkloadTests : IDisposable
{
    private readonly GcHarness _gc = new();

    public void Dispose() => _gc.Dispose();

    private static V1OwnerReference Ref(string kind, string name) => new()
    {
        ApiVersion = "apps/v1", Kind = kind, Name = name, Uid = name + "-uid", Controller = true, BlockOwnerDeletion = true,
    };

    private static V1ReplicaSet ReplicaSet(string name, params V1OwnerReference[] owners) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "ReplicaSet",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Ns, Uid = name + "-uid", ResourceVersion = "5", OwnerReferences = [.. owners] },
        Spec = new V1ReplicaSetSpec(),
    };

    [Fact]
    public async Task Sync_DeploymentGone_DeletesItsReplicaSet()
    {
        var rs = _gc.Seed(ReplicaSet("web-abc", Ref("Deployment", "web")));

        await _gc.SyncAsync(rs);

        Assert.Equal(["delete ReplicaSet default/web-abc Background"], _gc.Control.Writes);
        Assert.Contains("Deployment default/web", _gc.Control.Reads);
    }

    [Fact]
    public async Task Sync_ReplicaSetGone_DeletesItsPod()
    {
        var pod = _gc.Seed(Pod("web-abc-1", Ref("ReplicaSet", "web-abc")));

        await _gc.SyncAsync(pod);

        Assert.Equal(["delete Pod default/web-abc-1 Background"], _gc.Control.Writes);
    }

    [Fact]
    public async Task Sync_ReplicaSetPresent_KeepsItsPod()
    {
        _gc.Seed(ReplicaSet("web-abc"));
        var pod = _gc.Seed(Pod("web-abc-1", Ref("ReplicaSet", "web-abc")));

        await _gc.SyncAsync(pod);

        Assert.Empty(_gc.Control.Writes);
    }
}
