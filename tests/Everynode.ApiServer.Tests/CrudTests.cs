using System.Net;
using Everynode.ApiServer.Tests.Infrastructure;
using k8s;
using k8s.Models;

namespace Everynode.ApiServer.Tests;

/// <summary>Create, read, list, replace and delete of every served resource type.</summary>
public sealed class CrudTests(ApiServerFixture server) : IClassFixture<ApiServerFixture>
{
    private Kubernetes Client => server.Client;

    [Fact]
    public async Task DefaultNamespaces_ExistFromTheStart()
    {
        var names = (await Client.CoreV1.ListNamespaceAsync()).Items.Select(n => n.Metadata.Name).ToHashSet();
        Assert.Superset(new HashSet<string> { "default", "kube-system", "kube-public", "kube-node-lease" }, names);
        var ns = await Client.CoreV1.ReadNamespaceAsync("default");
        Assert.Equal("Active", ns.Status?.Phase);
        Assert.Contains("kubernetes", ns.Spec?.Finalizers ?? []);
    }

    [Fact]
    public async Task Namespace_CreateReadUpdateDelete()
    {
        var name = "crud-ns-" + Guid.NewGuid().ToString("N")[..6];
        var created = await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        Assert.False(string.IsNullOrEmpty(created.Metadata.Uid));
        Assert.False(string.IsNullOrEmpty(created.Metadata.ResourceVersion));
        Assert.NotNull(created.Metadata.CreationTimestamp);
        Assert.Equal(name, created.Metadata.Labels["kubernetes.io/metadata.name"]);

        created.Metadata.Labels["team"] = "a";
        var updated = await Client.CoreV1.ReplaceNamespaceAsync(created, name);
        Assert.Equal("a", (await Client.CoreV1.ReadNamespaceAsync(name)).Metadata.Labels["team"]);
        Assert.NotEqual(created.Metadata.ResourceVersion, updated.Metadata.ResourceVersion);

        await Client.CoreV1.DeleteNamespaceAsync(name);
    }

    [Fact]
    public async Task Node_CreateReadUpdateStatusDelete()
    {
        var name = "crud-node-" + Guid.NewGuid().ToString("N")[..6];
        var created = await Client.CoreV1.CreateNodeAsync(Objects.Node(name));
        Assert.Null(created.Metadata.NamespaceProperty);

        created.Status = new V1NodeStatus { Conditions = [new V1NodeCondition { Type = "Ready", Status = "True" }] };
        await Client.CoreV1.ReplaceNodeStatusAsync(created, name);
        var read = await Client.CoreV1.ReadNodeAsync(name);
        Assert.Equal("True", Assert.Single(read.Status.Conditions).Status);

        read.Spec.Unschedulable = true;
        await Client.CoreV1.ReplaceNodeAsync(read, name);
        Assert.True((await Client.CoreV1.ReadNodeAsync(name)).Spec.Unschedulable);

        Assert.Contains((await Client.CoreV1.ListNodeAsync()).Items, n => n.Metadata.Name == name);
        await Client.CoreV1.DeleteNodeAsync(name);
        await ApiAssert.FailsAsync(HttpStatusCode.NotFound, () => Client.CoreV1.ReadNodeAsync(name));
    }

    [Fact]
    public async Task Pod_CreateReadUpdateDelete()
    {
        var ns = await server.CreateNamespaceAsync();
        var created = await Client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("p"), ns);
        Assert.Equal(ns, created.Metadata.NamespaceProperty);
        Assert.Equal("Pending", created.Status?.Phase);
        Assert.Equal("Always", created.Spec.RestartPolicy);
        Assert.Equal(30, created.Spec.TerminationGracePeriodSeconds);

        created.Metadata.Labels = new Dictionary<string, string> { ["x"] = "y" };
        await Client.CoreV1.ReplaceNamespacedPodAsync(created, "p", ns);
        Assert.Equal("y", (await Client.CoreV1.ReadNamespacedPodAsync("p", ns)).Metadata.Labels["x"]);
        Assert.Single((await Client.CoreV1.ListNamespacedPodAsync(ns)).Items);
        Assert.Contains((await Client.CoreV1.ListPodForAllNamespacesAsync()).Items, p => p.Metadata.NamespaceProperty == ns);

        await Client.CoreV1.DeleteNamespacedPodAsync("p", ns);
        await ApiAssert.FailsAsync(HttpStatusCode.NotFound, () => Client.CoreV1.ReadNamespacedPodAsync("p", ns));
    }

    [Fact]
    public async Task Event_CreateReadUpdateDelete()
    {
        var ns = await server.CreateNamespaceAsync();
        await Client.CoreV1.CreateNamespacedEventAsync(Objects.Event("e1", ns, "p"), ns);
        var read = await Client.CoreV1.ReadNamespacedEventAsync("e1", ns);
        Assert.Equal("Started", read.Reason);
        read.Count = 2;
        await Client.CoreV1.ReplaceNamespacedEventAsync(read, "e1", ns);
        Assert.Equal(2, (await Client.CoreV1.ReadNamespacedEventAsync("e1", ns)).Count);
        Assert.Single((await Client.CoreV1.ListNamespacedEventAsync(ns)).Items);
        await Client.CoreV1.DeleteNamespacedEventAsync("e1", ns);
        await ApiAssert.FailsAsync(HttpStatusCode.NotFound, () => Client.CoreV1.ReadNamespacedEventAsync("e1", ns));
    }

    [Fact]
    public async Task DaemonSet_CreateReadUpdateDelete()
    {
        var ns = await server.CreateNamespaceAsync();
        var created = await Client.AppsV1.CreateNamespacedDaemonSetAsync(Objects.DaemonSet("ds"), ns);
        Assert.Equal(1, created.Metadata.Generation);
        Assert.Equal("RollingUpdate", created.Spec.UpdateStrategy.Type);
        Assert.Equal(10, created.Spec.RevisionHistoryLimit);

        created.Spec.Template.Spec.Containers[0].Image = "nginx:1.26";
        await Client.AppsV1.ReplaceNamespacedDaemonSetAsync(created, "ds", ns);
        var read = await Client.AppsV1.ReadNamespacedDaemonSetAsync("ds", ns);
        Assert.Equal("nginx:1.26", read.Spec.Template.Spec.Containers[0].Image);
        Assert.Single((await Client.AppsV1.ListNamespacedDaemonSetAsync(ns)).Items);
        Assert.Contains((await Client.AppsV1.ListDaemonSetForAllNamespacesAsync()).Items, d => d.Metadata.NamespaceProperty == ns);

        await Client.AppsV1.DeleteNamespacedDaemonSetAsync("ds", ns);
        await ApiAssert.FailsAsync(HttpStatusCode.NotFound, () => Client.AppsV1.ReadNamespacedDaemonSetAsync("ds", ns));
    }

    [Fact]
    public async Task ControllerRevision_CreateReadUpdateDelete()
    {
        var ns = await server.CreateNamespaceAsync();
        await Client.AppsV1.CreateNamespacedControllerRevisionAsync(Objects.ControllerRevision("ds-abc"), ns);
        var read = await Client.AppsV1.ReadNamespacedControllerRevisionAsync("ds-abc", ns);
        Assert.Equal(1, read.Revision);
        read.Revision = 2;
        await Client.AppsV1.ReplaceNamespacedControllerRevisionAsync(read, "ds-abc", ns);
        Assert.Equal(2, (await Client.AppsV1.ReadNamespacedControllerRevisionAsync("ds-abc", ns)).Revision);
        Assert.Single((await Client.AppsV1.ListNamespacedControllerRevisionAsync(ns)).Items);
        await Client.AppsV1.DeleteNamespacedControllerRevisionAsync("ds-abc", ns);
        await ApiAssert.FailsAsync(HttpStatusCode.NotFound, () => Client.AppsV1.ReadNamespacedControllerRevisionAsync("ds-abc", ns));
    }

    [Fact]
    public async Task Lease_CreateReadUpdateDelete()
    {
        var ns = await server.CreateNamespaceAsync();
        await Client.CoordinationV1.CreateNamespacedLeaseAsync(Objects.Lease("node-a"), ns);
        var read = await Client.CoordinationV1.ReadNamespacedLeaseAsync("node-a", ns);
        Assert.Equal("node-a", read.Spec.HolderIdentity);
        read.Spec.RenewTime = DateTime.UtcNow;
        read.Spec.HolderIdentity = "node-b";
        await Client.CoordinationV1.ReplaceNamespacedLeaseAsync(read, "node-a", ns);
        Assert.Equal("node-b", (await Client.CoordinationV1.ReadNamespacedLeaseAsync("node-a", ns)).Spec.HolderIdentity);
        Assert.Single((await Client.CoordinationV1.ListNamespacedLeaseAsync(ns)).Items);
        await Client.CoordinationV1.DeleteNamespacedLeaseAsync("node-a", ns);
        await ApiAssert.FailsAsync(HttpStatusCode.NotFound, () => Client.CoordinationV1.ReadNamespacedLeaseAsync("node-a", ns));
    }

    [Fact]
    public async Task Create_InMissingNamespace_IsNotFound()
    {
        var status = await ApiAssert.FailsAsync(HttpStatusCode.NotFound,
            () => Client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("p"), "no-such-namespace"));
        Assert.Equal("NotFound", status.Reason);
        Assert.Equal("namespaces \"no-such-namespace\" not found", status.Message);
    }

    [Fact]
    public async Task Create_ExistingName_IsAlreadyExists()
    {
        var ns = await server.CreateNamespaceAsync();
        await Client.AppsV1.CreateNamespacedDaemonSetAsync(Objects.DaemonSet("dup"), ns);
        var status = await ApiAssert.FailsAsync(HttpStatusCode.Conflict,
            () => Client.AppsV1.CreateNamespacedDaemonSetAsync(Objects.DaemonSet("dup"), ns));
        Assert.Equal("AlreadyExists", status.Reason);
        Assert.Equal("daemonsets.apps \"dup\" already exists", status.Message);
        Assert.Equal("dup", status.Details.Name);
        Assert.Equal("apps", status.Details.Group);
        Assert.Equal("daemonsets", status.Details.Kind);
    }

    [Fact]
    public async Task Get_MissingObject_IsNotFoundWithUpstreamMessage()
    {
        var ns = await server.CreateNamespaceAsync();
        var status = await ApiAssert.FailsAsync(HttpStatusCode.NotFound, () => Client.CoreV1.ReadNamespacedPodAsync("nope", ns));
        Assert.Equal("pods \"nope\" not found", status.Message);
        Assert.Equal("NotFound", status.Reason);
    }

    [Fact]
    public async Task GenerateName_AppendsFiveCharactersOfUpstreamAlphabet()
    {
        var ns = await server.CreateNamespaceAsync();
        var names = new HashSet<string>();
        for (var i = 0; i < 5; i++)
        {
            var pod = Objects.Pod(null!);
            pod.Metadata.Name = null;
            pod.Metadata.GenerateName = "web-";
            var created = await Client.CoreV1.CreateNamespacedPodAsync(pod, ns);
            Assert.Matches("^web-[bcdfghjklmnpqrstvwxz2456789]{5}$", created.Metadata.Name);
            Assert.Equal("web-", created.Metadata.GenerateName);
            names.Add(created.Metadata.Name);
        }

        Assert.Equal(5, names.Count);
    }
}
