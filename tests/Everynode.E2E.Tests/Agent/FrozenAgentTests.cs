using System.Diagnostics;
using Everynode.E2E.Tests.NodeLifecycle;
using Everynode.E2E.Tests.Placement;
using k8s;

namespace Everynode.E2E.Tests.Agent;

/// <summary>
/// A real <c>everynode agent</c> frozen with SIGSTOP (a hung machine: its process and its connections stay, nothing
/// more is sent), with a 15 s node monitor grace period (longer than the agent's 10 s Lease renewal, as upstream's 50 s is): its node goes Unknown and tainted unreachable, the daemon pod
/// stays while a pod tolerating unreachable for 3 s is evicted; thawed with SIGCONT, the agent heartbeats again, the
/// taints go, and it finishes the eviction it missed — the evicted pod's graceful deletion completes on the node.
/// </summary>
public sealed class FrozenAgentTests : PlacementTestBase
{
    private readonly TempDirectory _agentDirectory = new("everynode-e2e-");

    protected override IReadOnlyList<string> ExtraServerArgs => ["--node-monitor-grace-period", "15s"];

    [Fact]
    public async Task FrozenAgent_NodeUnknownAndTainted_DaemonPodStays_PlainPodEvicted_ThawedAgentRecovers()
    {
        await using var agent = await EverynodeAgentProcess.StartAsync(Server, "frozen", _agentDirectory.Path);
        try
        {
            await RunAsync(agent);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new InvalidOperationException($"{e.Message}\nagent:\n{agent.Output}", e);
        }
        finally
        {
            _agentDirectory.Delete();
        }
    }

    private async Task RunAsync(EverynodeAgentProcess agent)
    {
        await WaitForAsync("node frozen Ready", async () => (await Client.CoreV1.ReadNodeAsync("frozen")).Status.Conditions.Any(c => c is { Type: "Ready", Status: "True" }));
        await CreateDaemonSetAsync(NewDaemonSet());
        await Client.CoreV1.CreateNamespacedPodAsync(LostNodeTests.PlainPod("plain", "frozen", tolerationSeconds: 3), Namespace);
        await WaitForAsync("daemon pod and plain pod running", async () => (await Client.CoreV1.ListNamespacedPodAsync(Namespace)).Items.Count(IsAvailable) == 2);
        var daemonPodBefore = (await DaemonPodsAsync()).Single();

        await agent.SignalAsync("STOP");
        var frozen = Stopwatch.StartNew();
        await WaitForAsync("node frozen Unknown with the unreachable taints", async () =>
        {
            var node = await Client.CoreV1.ReadNodeAsync("frozen");
            return node.Status.Conditions.Any(c => c is { Type: "Ready", Status: "Unknown", Reason: "NodeStatusUnknown" })
                && node.Spec.Taints?.Any(t => t is { Key: "node.kubernetes.io/unreachable", Effect: "NoExecute" }) == true;
        });

        // The agent renews its Lease every 10 s, so the last renewal is up to 10 s old when it freezes.
        Assert.InRange(frozen.Elapsed, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(25));
        Assert.Contains(" NotReady ", (await Server.Kubectl.SucceedAsync("get", "node", "frozen", "--no-headers")).Stdout, StringComparison.Ordinal);

        // Nobody on the node can finish the eviction, so the plain pod stays Terminating, as on any cluster.
        await WaitForAsync("the 3 s pod evicted", async () => (await Client.CoreV1.ReadNamespacedPodAsync("plain", Namespace)).Metadata.DeletionTimestamp is not null);
        var daemonPod = await Client.CoreV1.ReadNamespacedPodAsync(daemonPodBefore.Metadata.Name, Namespace);
        Assert.Null(daemonPod.Metadata.DeletionTimestamp);
        Assert.Contains(daemonPod.Status.Conditions, c => c is { Type: "Ready", Status: "False" });
        await WaitForAsync("DaemonSet counts the frozen node out", async () => (await ReadDaemonSetAsync()).Status is { DesiredNumberScheduled: 0, NumberMisscheduled: 1 });
        var wide = await Server.Kubectl.SucceedAsync("get", "pods", "-n", Namespace, "-o", "wide", "--no-headers");
        Assert.Contains(wide.Stdout.Split('\n'), l => l.StartsWith(daemonPod.Metadata.Name + " ", StringComparison.Ordinal) && l.Contains(" frozen ", StringComparison.Ordinal));
        Assert.Contains(wide.Stdout.Split('\n'), l => l.StartsWith("plain ", StringComparison.Ordinal) && l.Contains(" Terminating ", StringComparison.Ordinal));

        await agent.SignalAsync("CONT");
        await WaitForAsync("node frozen Ready again without the unreachable taints", async () =>
        {
            var node = await Client.CoreV1.ReadNodeAsync("frozen");
            return node.Status.Conditions.Any(c => c is { Type: "Ready", Status: "True" })
                && node.Spec.Taints?.Any(t => t.Key.StartsWith("node.kubernetes.io/", StringComparison.Ordinal)) != true;
        });
        await WaitForAsync("the evicted pod finished by the agent", async () => !(await Client.CoreV1.ListNamespacedPodAsync(Namespace)).Items.Any(p => p.Metadata.Name == "plain"));
        await WaitForStatusCheckAsync("daemon-set", 1);
        var daemonPodAfter = (await DaemonPodsAsync()).Single();
        Assert.Equal(daemonPodBefore.Metadata.Uid, daemonPodAfter.Metadata.Uid);
        Assert.True(IsAvailable(daemonPodAfter));
    }
}
