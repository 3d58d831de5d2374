using System.Net;
using Everynode.Client.Informers;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using GC = Everynode.Controllers.GarbageCollector;

namespace Everynode.Controllers.Tests.GarbageCollector;

/// <summary>
/// The garbage collector against a real in-process API server: a DaemonSet owns a pod bound to a node, an unbound pod
/// and a ControllerRevision; the DaemonSet is deleted with each propagation policy.
/// </summary>
public sealed class GarbageCollectorIntegrationTests(ComponentClientFixture server) : IClassFixture<ComponentClientFixture>, IAsyncLifetime, IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task _running = Task.CompletedTask;

    private Kubernetes Client => server.Client;

    public Task InitializeAsync()
    {
        var informers = new SharedInformers(Client, NullLoggerFactory.Instance);
        var gc = new GC.GarbageCollector(informers, new GC.GarbageCollectorOptions(), NullLoggerFactory.Instance, TimeProvider.System);
        _running = Task.WhenAll(informers.RunAsync(_stop.Token), gc.RunAsync(_stop.Token));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await _running;
    }

    public void Dispose() => _stop.Dispose();

    [Fact]
    public async Task DeleteDaemonSet_Background_DeletesItsPodsAndRevisions()
    {
        var (ns, ds) = await CreateDaemonSetWithDependentsAsync();

        await Client.AppsV1.DeleteNamespacedDaemonSetAsync(ds.Metadata.Name, ns);

        await Eventually.TrueAsync(async () => await RevisionAsync(ns, "rev") is null, "the revision to be deleted");
        await Eventually.TrueAsync(async () => await PodAsync(ns, "unbound") is null, "the unbound pod to be deleted");
        await Eventually.TrueAsync(async () => (await PodAsync(ns, "bound"))?.Metadata.DeletionTimestamp is not null, "the bound pod to be terminating");
    }

    [Fact]
    public async Task DeleteDaemonSet_Orphan_LeavesItsDependentsWithoutOwnerReferences()
    {
        var (ns, ds) = await CreateDaemonSetWithDependentsAsync();

        await Client.AppsV1.DeleteNamespacedDaemonSetAsync(ds.Metadata.Name, ns, propagationPolicy: "Orphan");

        await Eventually.TrueAsync(async () => await DaemonSetAsync(ns, ds.Metadata.Name) is null, "the DaemonSet to go once orphaning is done");
        foreach (var name in (string[])["bound", "unbound"])
        {
            var pod = await PodAsync(ns, name);
            Assert.NotNull(pod);
            Assert.Null(pod.Metadata.DeletionTimestamp);
            Assert.Empty(pod.Metadata.OwnerReferences ?? []);
        }

        var revision = await RevisionAsync(ns, "rev");
        Assert.NotNull(revision);
        Assert.Empty(revision.Metadata.OwnerReferences ?? []);
    }

    [Fact]
    public async Task DeleteDaemonSet_Foreground_DeletesDependentsFirstThenTheDaemonSet()
    {
        var (ns, ds) = await CreateDaemonSetWithDependentsAsync(holdRevision: true);

        await Client.AppsV1.DeleteNamespacedDaemonSetAsync(ds.Metadata.Name, ns, propagationPolicy: "Foreground");

        await Eventually.TrueAsync(async () => await PodAsync(ns, "unbound") is null, "the unbound pod to be deleted");
        await Eventually.TrueAsync(async () => (await PodAsync(ns, "bound"))?.Metadata.DeletionTimestamp is not null, "the bound pod to be terminating");
        await Eventually.TrueAsync(async () => (await RevisionAsync(ns, "rev"))?.Metadata.DeletionTimestamp is not null, "the held revision to be marked");

        // The revision still blocks its owner: the DaemonSet waits, marked for deletion.
        var waiting = await DaemonSetAsync(ns, ds.Metadata.Name);
        Assert.NotNull(waiting?.Metadata.DeletionTimestamp);
        Assert.Contains("foregroundDeletion", waiting!.Metadata.Finalizers);

        var patch = new V1Patch("""{"metadata":{"finalizers":null}}""", V1Patch.PatchType.MergePatch);
        await Client.AppsV1.PatchNamespacedControllerRevisionAsync(patch, "rev", ns);
        await Eventually.TrueAsync(async () => await DaemonSetAsync(ns, ds.Metadata.Name) is null, "the DaemonSet to go after its dependents");
    }

    [Fact]
    public async Task DependentWithASecondLiveOwner_KeepsLivingWithoutTheDeletedOwner()
    {
        var (ns, ds) = await CreateDaemonSetWithDependentsAsync();
        var other = await Client.AppsV1.CreateNamespacedDaemonSetAsync(NewDaemonSet("other"), ns);
        var shared = NewPod("shared", nodeName: null, Ref(ds), Ref(other, controller: false));
        await Client.CoreV1.CreateNamespacedPodAsync(shared, ns);

        await Client.AppsV1.DeleteNamespacedDaemonSetAsync(ds.Metadata.Name, ns);

        await Eventually.TrueAsync(async () => (await PodAsync(ns, "shared"))?.Metadata.OwnerReferences?.Count == 1, "the reference to the deleted owner to go");
        var pod = await PodAsync(ns, "shared");
        Assert.Equal(other.Metadata.Uid, Assert.Single(pod!.Metadata.OwnerReferences).Uid);
        Assert.Null(pod.Metadata.DeletionTimestamp);
    }

    private async Task<(string Ns, V1DaemonSet Ds)> CreateDaemonSetWithDependentsAsync(bool holdRevision = false)
    {
        var ns = await server.CreateNamespaceAsync("gc");
        var ds = await Client.AppsV1.CreateNamespacedDaemonSetAsync(NewDaemonSet("ds"), ns);
        await Client.CoreV1.CreateNamespacedPodAsync(NewPod("bound", "node-1", Ref(ds)), ns);
        await Client.CoreV1.CreateNamespacedPodAsync(NewPod("unbound", null, Ref(ds)), ns);
        await Client.AppsV1.CreateNamespacedControllerRevisionAsync(new V1ControllerRevision
        {
            Metadata = new V1ObjectMeta { Name = "rev", OwnerReferences = [Ref(ds)], Finalizers = holdRevision ? ["example.com/hold"] : null },
            Data = new Dictionary<string, object> { ["spec"] = new Dictionary<string, object>() },
            Revision = 1,
        }, ns);
        return (ns, ds);
    }

    private static V1OwnerReference Ref(V1DaemonSet ds, bool controller = true) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "DaemonSet",
        Name = ds.Metadata.Name,
        Uid = ds.Metadata.Uid,
        Controller = controller,
        BlockOwnerDeletion = true,
    };

    private static V1DaemonSet NewDaemonSet(string name)
    {
        var labels = new Dictionary<string, string> { ["app"] = name };
        return new V1DaemonSet
        {
            Metadata = new V1ObjectMeta { Name = name },
            Spec = new V1DaemonSetSpec
            {
                Selector = new V1LabelSelector { MatchLabels = labels },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = labels },
                    Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = "nginx:1.25" }] },
                },
            },
        };
    }

    private static V1Pod NewPod(string name, string? nodeName, params V1OwnerReference[] owners) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, OwnerReferences = [.. owners] },
        Spec = new V1PodSpec { NodeName = nodeName, Containers = [new V1Container { Name = "main", Image = "nginx:1.25" }] },
    };

    private Task<V1Pod?> PodAsync(string ns, string name) => OrNull(() => Client.CoreV1.ReadNamespacedPodAsync(name, ns));

    private Task<V1DaemonSet?> DaemonSetAsync(string ns, string name) => OrNull(() => Client.AppsV1.ReadNamespacedDaemonSetAsync(name, ns));

    private Task<V1ControllerRevision?> RevisionAsync(string ns, string name) => OrNull(() => Client.AppsV1.ReadNamespacedControllerRevisionAsync(name, ns));

    private static async Task<T?> OrNull<T>(Func<Task<T>> read)
        where T : class
    {
        try
        {
            return await read();
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
