using System.Diagnostics;
using Everynode.E2E.Tests.Harness;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Xunit.Abstractions;

namespace Everynode.E2E.Tests.HighAvailability;

/// <summary>
/// Several real <c>everynode server</c> processes on one real etcd cluster (Debian's etcd-server on loopback), with
/// nodes played by <see cref="FakeKubelet"/>: leader failover in the middle of a DaemonSet rollout, the loss of an etcd
/// member, and a restart of everything.
/// </summary>
public sealed class EtcdHighAvailabilityTests(ITestOutputHelper output) : IDisposable
{
    private const string LeaderLinePrefix = "leader election: lease kube-system/everynode-control-plane as ";
    private const string OldImage = "registry.k8s.io/e2e-test-images/httpd:2.4.38-4";
    private const string NewImage = "registry.k8s.io/e2e-test-images/agnhost:2.47";
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(90);
    private readonly TempDirectory _dir = new("everynode-e2e-");

    public void Dispose() => _dir.Delete();

    [Fact]
    public async Task TwoServers_LeaderKilledMidRollout_StandbyTakesOverWithin20s_AndTheRolloutEndsWithOnePodPerNode()
    {
        await using var etcd = await EtcdCluster.StartAsync(1);
        await using var a = await StartServerAsync("a", etcd);
        using var clientA = a.CreateClient();
        await WaitForAsync("server a to hold the lease", async () => await HolderAsync(clientA) == Identity(a));
        await using var b = await StartServerAsync("b", etcd);

        // One shared CA and admin token: server a's kubeconfig works against server b.
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(a.KubeconfigPath);
        config.Host = b.Url.ToString();
        using var client = new Kubernetes(config);
        Assert.Equal(Identity(a), await HolderAsync(client));

        string[] nodes = ["ha-0", "ha-1", "ha-2", "ha-3", "ha-4", "ha-5"];
        foreach (var node in nodes)
        {
            await ClusterNodes.CreateReadyNodeAsync(client, node);
        }

        await using var kubelet = FakeKubelet.Start(client, nodes);
        await client.AppsV1.CreateNamespacedDaemonSetAsync(DaemonSet(), "default");
        await WaitForAsync("the daemon set on every node", async () => RolledOutTo(await PodsAsync(client), nodes, OldImage));

        await client.AppsV1.PatchNamespacedDaemonSetAsync(
            new V1Patch("{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"" + NewImage + "\"}]}}}}", V1Patch.PatchType.StrategicMergePatch), "ha", "default");
        await WaitForAsync("the rollout to be under way", async () =>
        {
            var pods = await PodsAsync(client);
            return pods.Any(p => p.Spec.Containers[0].Image == NewImage) && !RolledOutTo(pods, nodes, NewImage);
        });

        await a.KillAsync();
        var sinceKill = Stopwatch.StartNew();
        await WaitForAsync("server b to take the lease over", async () => await HolderAsync(client) == Identity(b));
        var takeover = sinceKill.Elapsed;
        output.WriteLine($"standby took the lease over {takeover.TotalSeconds:0.0} s after the leader was killed");
        Assert.True(takeover < TimeSpan.FromSeconds(20), $"takeover took {takeover.TotalSeconds:0.0} s");

        var maxLivePerNode = 0;
        await WaitForAsync("the rollout to finish", async () =>
        {
            var pods = await PodsAsync(client);
            maxLivePerNode = Math.Max(maxLivePerNode, nodes.Max(n => pods.Count(p => p.Spec.NodeName == n && p.Metadata.DeletionTimestamp is null)));
            return RolledOutTo(pods, nodes, NewImage);
        }, () => b.Output);
        output.WriteLine($"rollout finished {sinceKill.Elapsed.TotalSeconds:0.0} s after the leader was killed");

        // maxSurge 0: never two live pods on one node, before or after the takeover.
        Assert.Equal(1, maxLivePerNode);
        var final = await PodsAsync(client);
        Assert.All(nodes, n => Assert.Single(final, p => p.Spec.NodeName == n));
        await WaitForAsync("the daemon set status to settle", async () =>
            (await client.AppsV1.ReadNamespacedDaemonSetAsync("ha", "default")).Status is { } s
            && s.UpdatedNumberScheduled == nodes.Length && s.NumberAvailable == nodes.Length && s.DesiredNumberScheduled == nodes.Length);
    }

    [Fact]
    public async Task ThreeEtcdMembers_LeaderMemberKilled_WritesGoOn_AndAfterRestartingEverythingNothingIsLost()
    {
        await using var etcd = await EtcdCluster.StartAsync(3);
        var server = await StartServerAsync("a", etcd);
        try
        {
            using (var client = server.CreateClient())
            {
                for (var i = 0; i < 5; i++)
                {
                    await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = $"before-{i}" } });
                }

                // The raft leader is the hardest member to lose: the other two elect a new one while writes arrive.
                etcd.KillMember(await etcd.LeaderIndexAsync());
                var sinceKill = Stopwatch.StartNew();
                for (var i = 0; i < 20; i++)
                {
                    await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = $"during-{i}" } });
                }

                output.WriteLine($"20 creates with one of three etcd members dead took {sinceKill.Elapsed.TotalSeconds:0.0} s");
                await ClusterNodes.CreateReadyNodeAsync(client, "survivor");
            }

            await server.KillAsync();
            await server.DisposeAsync();
            for (var i = 0; i < etcd.Size; i++)
            {
                etcd.KillMember(i);
            }

            await etcd.RestartAllAsync();
            server = await StartServerAsync("a", etcd);
            using var after = server.CreateClient();
            var names = (await after.CoreV1.ListNamespaceAsync()).Items.Select(n => n.Metadata.Name).ToHashSet();
            Assert.All(Enumerable.Range(0, 5).Select(i => $"before-{i}").Concat(Enumerable.Range(0, 20).Select(i => $"during-{i}")), n => Assert.Contains(n, names));
            Assert.Equal("survivor", (await after.CoreV1.ReadNodeAsync("survivor")).Metadata.Name);

            // And it still takes writes, on the restarted cluster.
            await after.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "after-restart" } });
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    private async Task<EverynodeServer> StartServerAsync(string name, EtcdCluster etcd) =>
        await EverynodeServer.StartAsync(new EverynodeServerOptions
        {
            DataDirectory = Path.Combine(_dir.Path, name),
            Datastore = etcd.DatastoreUrl,
            ExtraArgs = ["--pki-dir", Path.Combine(_dir.Path, "shared-pki"), "--node-monitor-grace-period", "40s"],
            StartTimeout = TimeSpan.FromSeconds(60),
        });

    private static string Identity(EverynodeServer server)
    {
        var line = server.Output.Split('\n').FirstOrDefault(l => l.StartsWith(LeaderLinePrefix, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"the server printed no leader election line:\n{server.Output}");
        return line[LeaderLinePrefix.Length..].Trim();
    }

    private static async Task<string?> HolderAsync(Kubernetes client)
    {
        try
        {
            return (await client.CoordinationV1.ReadNamespacedLeaseAsync("everynode-control-plane", "kube-system")).Spec?.HolderIdentity;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private static V1DaemonSet DaemonSet()
    {
        var labels = new Dictionary<string, string> { ["app"] = "ha" };
        return new V1DaemonSet
        {
            Metadata = new V1ObjectMeta { Name = "ha" },
            Spec = new V1DaemonSetSpec
            {
                Selector = new V1LabelSelector { MatchLabels = labels },
                UpdateStrategy = new V1DaemonSetUpdateStrategy
                {
                    Type = "RollingUpdate",
                    RollingUpdate = new V1RollingUpdateDaemonSet { MaxUnavailable = "1", MaxSurge = "0" },
                },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = labels },
                    Spec = new V1PodSpec { Containers = [new V1Container { Name = "app", Image = OldImage }] },
                },
            },
        };
    }

    private static async Task<IReadOnlyList<V1Pod>> PodsAsync(Kubernetes client) =>
        (await client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "app=ha")).Items.ToList();

    /// <summary>Exactly one live, Running and Ready pod of <paramref name="image"/> on each node, nothing deleting.</summary>
    private static bool RolledOutTo(IReadOnlyList<V1Pod> pods, string[] nodes, string image) =>
        pods.Count == nodes.Length
        && pods.All(p => p.Metadata.DeletionTimestamp is null && p.Spec.Containers[0].Image == image
            && p.Status?.Phase == "Running" && p.Status.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true)
        && nodes.All(n => pods.Count(p => p.Spec.NodeName == n) == 1);

    private static async Task WaitForAsync(string what, Func<Task<bool>> condition, Func<string>? context = null)
    {
        var deadline = DateTime.UtcNow + WaitLimit;
        string? lastError = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (HttpRequestException e)
            {
                lastError = e.Message;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"timed out waiting for {what}; last error: {lastError}\n{context?.Invoke()}");
    }
}
