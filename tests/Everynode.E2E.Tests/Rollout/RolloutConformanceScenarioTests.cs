using k8s;
using k8s.Models;

namespace Everynode.E2E.Tests.Rollout;

/// <summary>
/// §17 scenarios 5–8 ("[sig-apps] Daemon set [Serial]") and 11 ("[sig-apps] ControllerRevision") replayed through
/// the official C# client over a <see cref="Harness.FakeKubelet"/>.
/// </summary>
public sealed class RolloutConformanceScenarioTests : RolloutTestBase
{
    private static readonly string[] Nodes = ["node-0", "node-1", "node-2"];

    [Fact]
    public async Task Scenario5_OnDelete_ASpecUpdateDoesNotUpdatePods()
    {
        await StartAsync(NewRollingDaemonSet(null, null, "OnDelete"), Nodes);
        var first = Assert.Single(await RevisionsAsync());
        Assert.Equal(1, first.Revision);
        var firstHash = first.Metadata.Labels["controller-revision-hash"];
        Assert.All(await LivePodsAsync(), p => Assert.Equal(firstHash, p.Metadata.Labels["controller-revision-hash"]));

        await PatchDaemonSetAsync(ImagePatch(NewImage));
        await WaitForAsync("two revisions", async () => (await RevisionsAsync()).Count == 2);

        var revisions = await RevisionsAsync();
        Assert.Equal(2, revisions[^1].Revision);
        Assert.NotEqual(firstHash, revisions[^1].Metadata.Labels["controller-revision-hash"]);
        await WaitForRunningOnNodesAsync(Name, Nodes);
        Assert.All(await LivePodsAsync(), p =>
        {
            Assert.Equal(OldImage, p.Spec.Containers[0].Image);
            Assert.Equal(firstHash, p.Metadata.Labels["controller-revision-hash"]);
        });
    }

    [Fact]
    public async Task Scenario6_RollingUpdate_PodsAreUpdatedWithAtMostOneUnavailable()
    {
        await StartAsync(NewDaemonSet(), Nodes);
        Assert.Equal(1, Assert.Single(await RevisionsAsync()).Revision);

        await PatchDaemonSetAsync(ImagePatch(NewImage));
        var observations = await ObserveUntilAsync("every node on the new image", pods => RolledOutTo(pods, Nodes, NewImage));

        Assert.All(observations, pods => Assert.True(
            pods.Count(p => p.Metadata.DeletionTimestamp is null && !IsAvailable(p)) <= 1, "more than one pod unavailable"));
        await WaitForRunningOnNodesAsync(Name, Nodes);
        var revisions = await RevisionsAsync();
        Assert.Equal([1L, 2L], revisions.Select(r => r.Revision));
        Assert.All(await LivePodsAsync(), p => Assert.Equal(revisions[^1].Metadata.Labels["controller-revision-hash"], p.Metadata.Labels["controller-revision-hash"]));
    }

    [Fact]
    public async Task Scenario7_Rollback_WithoutUnnecessaryRestarts()
    {
        await StartAsync(NewDaemonSet(), Nodes);

        await UpdateImageAsync(BadImage);
        await ObserveUntilAsync("a pod with the bad image", pods => pods.Any(p => p.Spec.Containers[0].Image == BadImage));
        var pods = await LivePodsAsync();
        var oldImagePods = pods.Where(p => p.Spec.Containers[0].Image == OldImage).Select(p => p.Metadata.Name).ToList();
        Assert.NotEmpty(oldImagePods);
        Assert.All(pods, p => Assert.Contains(p.Spec.Containers[0].Image, new[] { OldImage, BadImage }));

        await UpdateImageAsync(OldImage);
        var observations = await ObserveUntilAsync("every pod back on the original image", p => RolledOutTo(p, Nodes, OldImage));

        Assert.All(observations, p => Assert.True(UnavailableNodes(p, Nodes) <= 1));
        var names = (await LivePodsAsync()).Select(p => p.Metadata.Name).ToList();
        Assert.All(oldImagePods, name => Assert.Contains(name, names));
    }

    [Fact]
    public async Task Scenario8_Surge_NewPodsStartBeforeOldOnesGo()
    {
        var ds = NewRollingDaemonSet("0", "20%");
        ds.Spec.MinReadySeconds = 2;
        ds.Spec.Template.Spec.Containers[0].Env = [new V1EnvVar { Name = "VERSION", Value = "1" }];
        await StartAsync(ds, Nodes);
        Assert.Equal(1, Assert.Single(await RevisionsAsync()).Revision);

        await PatchDaemonSetAsync("""{"spec":{"template":{"spec":{"containers":[{"name":"app","env":[{"name":"VERSION","value":"2"}]}]}}}}""");
        var observations = await ObserveUntilAsync("every node on VERSION=2", pods =>
            pods.Count == Nodes.Length && pods.All(p => p.Metadata.DeletionTimestamp is null && IsAvailable(p) && p.Spec.Containers[0].Env[0].Value == "2"));

        foreach (var snapshot in observations)
        {
            var live = snapshot.Where(p => p.Metadata.DeletionTimestamp is null).ToList();
            Assert.True(live.Select(p => p.Spec.Containers[0].Env[0].Value).Distinct().Count() <= 2, "more than two versions");
            Assert.All(Nodes, n =>
            {
                Assert.True(live.Count(p => p.Spec.NodeName == n) <= 2, $"more than one old and one new pod on {n}");
                Assert.True(snapshot.Any(p => p.Spec.NodeName == n && IsAvailable(p)), $"{n} had no available pod");
            });
        }

        await WaitForRunningOnNodesAsync(Name, Nodes);
        var revisions = await RevisionsAsync();
        Assert.Equal(2, revisions[^1].Revision);
        Assert.All(await LivePodsAsync(), p => Assert.Equal(revisions[^1].Metadata.Labels["controller-revision-hash"], p.Metadata.Labels["controller-revision-hash"]));
    }

    [Fact]
    public async Task Scenario11_ControllerRevisionLifecycle()
    {
        var ds = NewDaemonSet(labelled: true);
        ds.Spec.Template.Spec.Containers[0].Image = NewImage;
        await StartAsync(ds, "node-0");
        var selector = $"daemonset-name={Name}";
        var created = await ReadDaemonSetAsync();
        Assert.Single((await Client.AppsV1.ListDaemonSetForAllNamespacesAsync(labelSelector: selector)).Items);
        var first = Assert.Single((await Client.AppsV1.ListControllerRevisionForAllNamespacesAsync(labelSelector: selector)).Items);
        var owner = Assert.Single(first.Metadata.OwnerReferences);
        Assert.Equal(("DaemonSet", created.Metadata.Uid, true), (owner.Kind, owner.Uid, owner.Controller == true));

        var revName = first.Metadata.Name;
        await Client.AppsV1.PatchNamespacedControllerRevisionAsync(
            new V1Patch("""{"metadata":{"labels":{"REV":"patched"}}}""".Replace("REV", revName, StringComparison.Ordinal), V1Patch.PatchType.StrategicMergePatch), revName, Namespace);
        Assert.Equal("patched", (await Client.AppsV1.ReadNamespacedControllerRevisionAsync(revName, Namespace)).Metadata.Labels[revName]);

        // The client makes a revision of its own (upstream names it with the Go hash of a changed template).
        var clientMade = new V1ControllerRevision
        {
            Metadata = new V1ObjectMeta
            {
                Name = $"{Name}-clientmade",
                Labels = new Dictionary<string, string>(ds.Spec.Template.Metadata.Labels) { ["controller-revision-hash"] = "clientmade" },
                Annotations = created.Metadata.Annotations,
                OwnerReferences = [new V1OwnerReference { ApiVersion = "apps/v1", Kind = "DaemonSet", Name = Name, Uid = created.Metadata.Uid, Controller = true, BlockOwnerDeletion = true }],
            },
            Data = first.Data,
            Revision = first.Revision + 1,
        };
        await Client.AppsV1.CreateNamespacedControllerRevisionAsync(clientMade, Namespace);
        await WaitForAsync("two revisions", async () => (await RevisionsAsync()).Count == 2);

        await Client.AppsV1.DeleteNamespacedControllerRevisionAsync(revName, Namespace);
        await WaitForAsync("one revision", async () => (await RevisionsAsync()).Count == 1);
        var remaining = (await RevisionsAsync())[0];
        remaining.Metadata.Labels[remaining.Metadata.Name] = "updated";
        await Client.AppsV1.ReplaceNamespacedControllerRevisionAsync(remaining, remaining.Metadata.Name, Namespace);

        await PatchDaemonSetAsync("""{"spec":{"template":{"spec":{"terminationGracePeriodSeconds":1}}},"updateStrategy":{"type":"RollingUpdate"}}""");
        await WaitForAsync("two revisions after the template change", async () => (await RevisionsAsync()).Count == 2);
        await Client.AppsV1.DeleteCollectionNamespacedControllerRevisionAsync(Namespace, labelSelector: $"{remaining.Metadata.Name}=updated");
        await WaitForAsync("one revision after the delete collection", async () => (await RevisionsAsync()).Count == 1);
        Assert.Equal(3, (await RevisionsAsync())[0].Revision);
    }

    private static string ImagePatch(string image) =>
        """{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"IMAGE"}]}}}}""".Replace("IMAGE", image, StringComparison.Ordinal);

    /// <summary>GET, change the image, PUT, retrying on conflicts (the e2e's updateDaemonSetWithRetries).</summary>
    private async Task UpdateImageAsync(string image)
    {
        for (var attempt = 0; ; attempt++)
        {
            var ds = await ReadDaemonSetAsync();
            ds.Spec.Template.Spec.Containers[0].Image = image;
            try
            {
                await Client.AppsV1.ReplaceNamespacedDaemonSetAsync(ds, Name, Namespace);
                return;
            }
            catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict && attempt < 10)
            {
            }
        }
    }
}
