using k8s.Models;

namespace Everynode.E2E.Tests.Rollout;

/// <summary>
/// DaemonSet updates driven by the real kubectl (<c>set image</c>, <c>rollout status/history/undo/restart/pause</c>)
/// over a <see cref="Harness.FakeKubelet"/>, every rollout watched pod by pod.
/// </summary>
public sealed class KubectlRolloutTests : RolloutTestBase
{
    private static readonly string[] FourNodes = ["node-a", "node-b", "node-c", "node-d"];

    [Fact]
    public async Task SetImage_MaxUnavailableOne_NeverMoreThanOneUnavailableAndEndsOnTheNewTemplate()
    {
        await StartAsync(NewRollingDaemonSet("1", "0"), FourNodes);

        var set = (await KubectlAsync("set", "image", $"ds/{Name}", $"app={NewImage}")).EnsureSuccess();
        Assert.Equal($"daemonset.apps/{Name} image updated", set.Stdout.Trim());
        var observations = await ObserveUntilAsync("every pod on the new image", pods => RolledOutTo(pods, FourNodes, NewImage));

        Assert.True(observations.Count > 1);
        Assert.All(observations, pods => Assert.True(UnavailableNodes(pods, FourNodes) <= 1, string.Join("\n", pods.Select(Describe))));
        await WaitForAsync("the status to show the finished rollout", async () =>
            (await ReadDaemonSetAsync()) is { Status: { } s, Metadata: { } m }
            && s.ObservedGeneration == m.Generation && s.UpdatedNumberScheduled == 4 && s.NumberAvailable == 4 && (s.NumberUnavailable ?? 0) == 0);
        var status = (await KubectlAsync("rollout", "status", $"ds/{Name}", "--timeout=30s")).EnsureSuccess();
        Assert.Equal($"daemon set \"{Name}\" successfully rolled out", status.Stdout.Trim());
        var hash = (await RevisionsAsync())[^1].Metadata.Labels["controller-revision-hash"];
        Assert.All(await LivePodsAsync(), p => Assert.Equal(hash, p.Metadata.Labels["controller-revision-hash"]));
    }

    [Fact]
    public async Task SetImage_MaxUnavailableFiftyPercent_ReplacesHalfTheNodesPerWave()
    {
        await StartAsync(NewRollingDaemonSet("50%", "0"), FourNodes);

        (await KubectlAsync("set", "image", $"ds/{Name}", $"app={NewImage}")).EnsureSuccess();
        var observations = await ObserveUntilAsync("every pod on the new image", pods => RolledOutTo(pods, FourNodes, NewImage));

        var unavailable = observations.Select(pods => UnavailableNodes(pods, FourNodes)).ToList();
        Assert.True(unavailable.Max() <= 2, $"at most 2 of 4 nodes unavailable; saw {unavailable.Max()}");
        Assert.Equal(2, unavailable.Max());
    }

    [Fact]
    public async Task SetImage_MaxSurgeOne_KeepsEveryNodeCoveredThroughout()
    {
        await StartAsync(NewRollingDaemonSet("0", "1"), FourNodes);

        (await KubectlAsync("set", "image", $"ds/{Name}", $"app={NewImage}")).EnsureSuccess();
        var observations = await ObserveUntilAsync("every pod on the new image", pods => RolledOutTo(pods, FourNodes, NewImage));

        Assert.All(observations, pods => Assert.Equal(0, UnavailableNodes(pods, FourNodes)));
        Assert.All(observations, pods => Assert.True(pods.Count(p => p.Metadata.DeletionTimestamp is null) <= FourNodes.Length + 1, "more than maxSurge extra pods"));
        Assert.Contains(observations, pods => FourNodes.Any(n => pods.Count(p => p.Spec.NodeName == n && p.Metadata.DeletionTimestamp is null) == 2));
    }

    [Fact]
    public async Task OnDelete_PodsStayUntilDeletedAndTheReplacementUsesTheNewTemplate()
    {
        string[] nodes = ["node-a", "node-b"];
        await StartAsync(NewRollingDaemonSet(null, null, "OnDelete"), nodes);
        var before = await LivePodsAsync();

        (await KubectlAsync("set", "image", $"ds/{Name}", $"app={NewImage}")).EnsureSuccess();
        await WaitForAsync("the new generation to be observed", async () => (await ReadDaemonSetAsync()) is { Status.ObservedGeneration: 2 });
        Assert.Equal(2, (await RevisionsAsync()).Count);
        Assert.Equal(before.Select(p => p.Metadata.Name).Order(), (await LivePodsAsync()).Select(p => p.Metadata.Name).Order());
        Assert.Equal(0, (await ReadDaemonSetAsync()).Status.UpdatedNumberScheduled ?? 0);
        var refused = await KubectlAsync("rollout", "status", $"ds/{Name}");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Equal("error: rollout status is only available for RollingUpdate strategy type", refused.Stderr.Trim());

        var victim = before.Single(p => p.Spec.NodeName == "node-a");
        (await KubectlAsync("delete", "pod", victim.Metadata.Name)).EnsureSuccess();
        await ObserveUntilAsync("node-a replaced with the new image", pods =>
            pods.Any(p => p.Spec.NodeName == "node-a" && p.Metadata.DeletionTimestamp is null && IsAvailable(p) && p.Spec.Containers[0].Image == NewImage)
            && pods.All(p => p.Metadata.Name != victim.Metadata.Name));
        var untouched = before.Single(p => p.Spec.NodeName == "node-b");
        var nodeB = (await LivePodsAsync()).Single(p => p.Spec.NodeName == "node-b");
        Assert.Equal((untouched.Metadata.Name, OldImage), (nodeB.Metadata.Name, nodeB.Spec.Containers[0].Image));
        await WaitForAsync("updatedNumberScheduled 1", async () => (await ReadDaemonSetAsync()).Status.UpdatedNumberScheduled == 1);
    }

    [Fact]
    public async Task RolloutUndo_AfterABadImage_RestoresTheTemplateWithoutRestartingPodsThatKeptIt()
    {
        string[] nodes = ["node-a", "node-b", "node-c"];
        await StartAsync(NewRollingDaemonSet("1", "0"), nodes);
        var before = await LivePodsAsync();

        (await KubectlAsync("set", "image", $"ds/{Name}", $"app={BadImage}")).EnsureSuccess();
        await ObserveUntilAsync("one pod on the bad image", pods => pods.Any(p => p.Spec.Containers[0].Image == BadImage && p.Status?.ContainerStatuses is not null));
        await WaitForAsync("the stall to be reported", async () =>
            (await ReadDaemonSetAsync()).Status.Conditions?.Any(c => c.Type == "RolloutBlockedByNewPods" && c.Status == "True") == true);
        var condition = (await ReadDaemonSetAsync()).Status.Conditions.Single(c => c.Type == "RolloutBlockedByNewPods");
        Assert.Matches($@"^rollout stalled: 1 new pod\(s\) do not become available: {Namespace}/{Name}-\w+ on node-\w \(ImagePullBackOff\)$", condition.Message);
        Assert.Equal($"Waiting for daemon set \"{Name}\" rollout to finish: 1 out of 3 new pods have been updated...", await RolloutStatusOnceAsync());
        var events = (await KubectlAsync("get", "events", "--field-selector", "reason=RolloutBlockedByNewPods", "-o", "jsonpath={.items[*].message}")).EnsureSuccess();
        Assert.Contains("(ImagePullBackOff)", events.Stdout);
        var kept = (await LivePodsAsync()).Where(p => p.Spec.Containers[0].Image == OldImage).Select(p => p.Metadata.Name).ToList();
        Assert.Equal(2, kept.Count);

        var undo = (await KubectlAsync("rollout", "undo", $"ds/{Name}")).EnsureSuccess();
        Assert.Equal($"daemonset.apps/{Name} rolled back", undo.Stdout.Trim());
        var observations = await ObserveUntilAsync("every pod back on the old image", pods => RolledOutTo(pods, nodes, OldImage));

        Assert.All(observations, pods => Assert.True(UnavailableNodes(pods, nodes) <= 1));
        var after = (await LivePodsAsync()).Select(p => p.Metadata.Name).ToList();
        Assert.All(kept, name => Assert.Contains(name, after));
        Assert.Equal(2, before.Select(p => p.Metadata.Name).Intersect(after).Count());
        await WaitForAsync("the stall condition to clear", async () =>
            (await ReadDaemonSetAsync()).Status.Conditions?.Any(c => c.Type.StartsWith("RolloutBlocked", StringComparison.Ordinal)) != true);

        var revisions = await RevisionsAsync();
        Assert.Equal([2L, 3L], revisions.Select(r => r.Revision));
        Assert.Equal(before[0].Metadata.Labels["controller-revision-hash"], revisions[^1].Metadata.Labels["controller-revision-hash"]);
        var skipped = (await KubectlAsync("rollout", "undo", $"ds/{Name}", "--to-revision=3")).EnsureSuccess();
        Assert.Equal($"daemonset.apps/{Name} skipped rollback (current template already matches revision 3)", skipped.Stdout.Trim());
        var missing = await KubectlAsync("rollout", "undo", $"ds/{Name}", "--to-revision=9");
        Assert.Equal("error: unable to find specified revision 9 in history", missing.Stderr.Trim());
    }

    [Fact]
    public async Task RolloutHistory_ListsRevisionsAndShowsTheTemplateOfOne()
    {
        await StartAsync(NewRollingDaemonSet("1", "0"), "node-a");
        (await KubectlAsync("set", "image", $"ds/{Name}", $"app={NewImage}")).EnsureSuccess();
        await ObserveUntilAsync("the new image", pods => RolledOutTo(pods, ["node-a"], NewImage));
        (await KubectlAsync("annotate", "controllerrevision", (await RevisionsAsync())[^1].Metadata.Name, "kubernetes.io/change-cause=set image to agnhost")).EnsureSuccess();

        var history = (await KubectlAsync("rollout", "history", $"ds/{Name}")).EnsureSuccess();
        Assert.Equal(
            $"daemonset.apps/{Name} \nREVISION  CHANGE-CAUSE\n1         <none>\n2         set image to agnhost\n",
            history.Stdout.TrimEnd('\n') + "\n");
        var one = (await KubectlAsync("rollout", "history", $"ds/{Name}", "--revision=1")).EnsureSuccess();
        Assert.StartsWith($"daemonset.apps/{Name} with revision #1\nPod Template:\n  Labels:\tdaemonset-name={Name}\n", one.Stdout);
        Assert.Contains($"    Image:\t{OldImage}\n", one.Stdout);
        var absent = await KubectlAsync("rollout", "history", $"ds/{Name}", "--revision=7");
        Assert.Equal("error: unable to find the specified revision", absent.Stderr.Trim());
    }

    [Fact]
    public async Task RolloutRestart_ReplacesEveryPodThroughANormalRollingUpdate()
    {
        string[] nodes = ["node-a", "node-b", "node-c"];
        await StartAsync(NewRollingDaemonSet("1", "0"), nodes);
        var before = (await LivePodsAsync()).Select(p => p.Metadata.Name).ToList();

        var restart = (await KubectlAsync("rollout", "restart", $"ds/{Name}")).EnsureSuccess();
        Assert.Equal($"daemonset.apps/{Name} restarted", restart.Stdout.Trim());
        var observations = await ObserveUntilAsync("every pod replaced", pods =>
            RolledOutTo(pods, nodes, OldImage) && !pods.Any(p => before.Contains(p.Metadata.Name)));

        Assert.All(observations, pods => Assert.True(UnavailableNodes(pods, nodes) <= 1));
        Assert.True((await ReadDaemonSetAsync()).Spec.Template.Metadata.Annotations.ContainsKey("kubectl.kubernetes.io/restartedAt"));
        Assert.Equal(2, (await RevisionsAsync()).Count);
    }

    [Fact]
    public async Task RolloutPauseAndResume_AreRefusedForDaemonSets()
    {
        await CreateDaemonSetAsync(NewRollingDaemonSet("1", "0"));

        var pause = await KubectlAsync("rollout", "pause", $"ds/{Name}");
        Assert.Equal($"error: daemonsets.apps \"{Name}\" pausing is not supported", pause.Stderr.Trim());
        var resume = await KubectlAsync("rollout", "resume", $"ds/{Name}");
        Assert.Equal($"error: daemonsets.apps \"{Name}\" resuming is not supported", resume.Stderr.Trim());
    }

    [Fact]
    public async Task Apply_MaxSurgeWithHostPort_PrintsAWarning()
    {
        var manifest = $"""
            apiVersion: apps/v1
            kind: DaemonSet
            metadata:
              name: {Name}
              namespace: {Namespace}
            spec:
              selector:
                matchLabels:
                  app: exporter
              updateStrategy:
                type: RollingUpdate
                rollingUpdate:
                  maxUnavailable: 0
                  maxSurge: 1
              template:
                metadata:
                  labels:
                    app: exporter
                spec:
                  containers:
                  - name: app
                    image: exporter:1
                    ports:
                    - containerPort: 9100
                      hostPort: 9100
            """;

        var apply = (await Server.Kubectl.ApplyAsync(manifest)).EnsureSuccess();

        Assert.Contains(
            "Warning: spec.updateStrategy.rollingUpdate.maxSurge: the pod template uses host port(s) 9100; a surge pod cannot start beside the old pod that holds them on the same node, so the rollout will stall (use maxUnavailable instead)",
            apply.Stderr);
        Assert.Equal($"daemonset.apps/{Name} created", apply.Stdout.Trim());
    }
}
