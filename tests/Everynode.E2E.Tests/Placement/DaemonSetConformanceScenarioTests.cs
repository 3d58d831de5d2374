using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Everynode.E2E.Tests.Placement;

/// <summary>
/// §17 conformance scenarios ("[sig-apps] Daemon set [Serial]") replayed through the official C# client, with a
/// <see cref="Harness.FakeKubelet"/> making the pods Running and Ready.
/// </summary>
public sealed class DaemonSetConformanceScenarioTests : PlacementTestBase
{
    private const string Name = "daemon-set";
    private const string Selector = "daemonset-name=daemon-set";

    [Fact]
    public async Task Scenario1_RunAndStopSimpleDaemon_ADeletedPodIsReplaced()
    {
        await CreateRunningNodesAsync("simple-0", "simple-1");
        await CreateDaemonSetAsync(NewDaemonSet());
        await WaitForRunningOnNodesAsync(Name, "simple-0", "simple-1");
        await WaitForStatusCheckAsync(Name, 2);

        var pods = await Client.CoreV1.ListNamespacedPodAsync(Namespace, labelSelector: Selector, fieldSelector: "status.phase!=Failed,status.phase!=Succeeded");
        Assert.Equal(2, pods.Items.Count);
        var victim = pods.Items[0];
        await Client.CoreV1.DeleteNamespacedPodAsync(victim.Metadata.Name, Namespace);

        await WaitForAsync("the deleted pod to be replaced",
            async () => await IsRunningOnNodesAsync(Name, ["simple-0", "simple-1"]) && (await DaemonPodsAsync(Name)).All(p => p.Metadata.Uid != victim.Metadata.Uid));
        await WaitForStatusCheckAsync(Name, 2);
    }

    [Fact]
    public async Task Scenario2_RunAndStopComplexDaemon_NodeSelectorFollowsLabelsAndPatches()
    {
        await CreateRunningNodesAsync("complex-0", "complex-1");
        var ds = NewDaemonSet();
        ds.Spec.Template.Spec.NodeSelector = new Dictionary<string, string> { ["daemonset-color"] = "blue" };
        await CreateDaemonSetAsync(ds);
        await WaitForAsync("the DaemonSet status to be observed", async () => (await ReadDaemonSetAsync()).Status?.ObservedGeneration == 1);
        await WaitForRunningOnNodesAsync(Name);

        await LabelNodeAsync("complex-0", "blue");
        await WaitForRunningOnNodesAsync(Name, "complex-0");
        await WaitForStatusCheckAsync(Name, 1);

        await LabelNodeAsync("complex-0", "green");
        await WaitForRunningOnNodesAsync(Name);

        var patch = """{"spec":{"template":{"spec":{"nodeSelector":{"daemonset-color":"green"}}},"updateStrategy":{"type":"RollingUpdate"}}}""";
        await Client.AppsV1.PatchNamespacedDaemonSetAsync(new V1Patch(patch, V1Patch.PatchType.StrategicMergePatch), Name, Namespace);
        await WaitForRunningOnNodesAsync(Name, "complex-0");
        await WaitForStatusCheckAsync(Name, 1);
    }

    [Fact]
    public async Task Scenario4_RetryFailedDaemonPods_TheFailedPodIsReplacedAndRemoved()
    {
        await CreateRunningNodesAsync("retry-0", "retry-1");
        await CreateDaemonSetAsync(NewDaemonSet());
        await WaitForRunningOnNodesAsync(Name, "retry-0", "retry-1");
        await WaitForStatusCheckAsync(Name, 2);

        var pod = (await DaemonPodsAsync(Name))[0];
        pod.Metadata.ResourceVersion = null;
        pod.Status.Phase = "Failed";
        await Client.CoreV1.ReplaceNamespacedPodStatusAsync(pod, pod.Metadata.Name, Namespace);

        await WaitForRunningOnNodesAsync(Name, "retry-0", "retry-1");
        await WaitForAsync($"failed pod {pod.Metadata.Name} to be NotFound", async () =>
        {
            try
            {
                await Client.CoreV1.ReadNamespacedPodAsync(pod.Metadata.Name, Namespace);
                return false;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
                return true;
            }
        });
        await WaitForStatusCheckAsync(Name, 2);
    }

    [Fact]
    public async Task Scenario9_ListAndDeleteACollectionOfDaemonSets()
    {
        await CreateRunningNodesAsync("coll-0");
        await CreateDaemonSetAsync(NewDaemonSet(labelled: true));
        await WaitForRunningOnNodesAsync(Name, "coll-0");
        await WaitForStatusCheckAsync(Name, 1);

        Assert.Single((await Client.AppsV1.ListDaemonSetForAllNamespacesAsync(labelSelector: Selector)).Items);
        await Client.AppsV1.DeleteCollectionNamespacedDaemonSetAsync(Namespace, gracePeriodSeconds: 1, labelSelector: Selector);
        Assert.Empty((await Client.AppsV1.ListDaemonSetForAllNamespacesAsync(labelSelector: Selector)).Items);
    }

    [Fact]
    public async Task Scenario10_VerifyChangesToDaemonSetStatus_PutAndMergePatchOfStatusAreWatched()
    {
        await CreateRunningNodesAsync("status-0");
        var resourceVersion = (await Client.AppsV1.ListDaemonSetForAllNamespacesAsync()).Metadata.ResourceVersion;
        await CreateDaemonSetAsync(NewDaemonSet(labelled: true));
        await WaitForRunningOnNodesAsync(Name, "status-0");
        await WaitForStatusCheckAsync(Name, 1);

        for (var attempt = 0; ; attempt++)
        {
            var current = await Client.AppsV1.ReadNamespacedDaemonSetStatusAsync(Name, Namespace);
            current.Status.Conditions = [.. current.Status.Conditions ?? [], new V1DaemonSetCondition { Type = "StatusUpdate", Status = "True", Reason = "E2E", Message = "Set from e2e test" }];
            try
            {
                await Client.AppsV1.ReplaceNamespacedDaemonSetStatusAsync(current, Name, Namespace);
                break;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict && attempt < 10)
            {
            }
        }

        await WatchUntilConditionAsync(resourceVersion, "StatusUpdate", c => c is { Status: "True", Reason: "E2E", Message: "Set from e2e test" });

        var patch = """{"status":{"conditions":[{"type":"StatusPatched","status":"True"}]}}""";
        await Client.AppsV1.PatchNamespacedDaemonSetStatusAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), Name, Namespace);
        await WatchUntilConditionAsync(resourceVersion, "StatusPatched", c => c.Status == "True");
    }

    private Task<V1Node> LabelNodeAsync(string node, string color) =>
        Client.CoreV1.PatchNodeAsync(new V1Patch(KubernetesJson.Serialize(new { metadata = new { labels = new Dictionary<string, string> { ["daemonset-color"] = color } } }), V1Patch.PatchType.MergePatch), node);

    /// <summary>Watches the namespace's DaemonSets by the fixture's label from <paramref name="resourceVersion"/> until one event carries the condition.</summary>
    private async Task WatchUntilConditionAsync(string resourceVersion, string type, Func<V1DaemonSetCondition, bool> matches)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        Exception? watchError = null;
        await foreach (var (_, ds) in Client.AppsV1.WatchListNamespacedDaemonSetAsync(Namespace, labelSelector: Selector, resourceVersion: resourceVersion,
                           onError: e => watchError = e, cancellationToken: timeout.Token))
        {
            if (ds.Status?.Conditions?.Any(c => c.Type == type && matches(c)) == true)
            {
                return;
            }
        }

        Assert.Fail($"the watch ended without an event showing condition {type}; error: {watchError}");
    }
}
