using Everynode.E2E.Tests.Harness;
using Everynode.E2E.Tests.Placement;
using k8s;
using k8s.Models;

namespace Everynode.E2E.Tests.Rollout;

/// <summary>
/// Placement's one-server-per-test setup plus what rollout tests need: kubectl in the test's namespace, and a poller
/// that records every observation of the DaemonSet's pods while a rollout runs.
/// </summary>
public abstract class RolloutTestBase : PlacementTestBase
{
    protected const string Name = "daemon-set";
    protected const string OldImage = "registry.k8s.io/e2e-test-images/httpd:2.4.38-4";
    protected const string NewImage = "registry.k8s.io/e2e-test-images/agnhost:2.47";
    protected const string BadImage = "foo:non-existent";

    private static readonly TimeSpan ObservationTimeout = TimeSpan.FromSeconds(60);

    /// <summary><c>kubectl ARGS -n NAMESPACE</c>.</summary>
    internal Task<CommandResult> KubectlAsync(params string[] args) => Server.Kubectl.RunAsync([.. args, "-n", Namespace], stdin: null);

    /// <summary>The fixture DaemonSet with the given RollingUpdate budgets (or OnDelete when both are null).</summary>
    protected static V1DaemonSet NewRollingDaemonSet(string? maxUnavailable, string? maxSurge, string type = "RollingUpdate")
    {
        var ds = NewDaemonSet();
        ds.Spec.UpdateStrategy = type == "OnDelete"
            ? new V1DaemonSetUpdateStrategy { Type = "OnDelete" }
            : new V1DaemonSetUpdateStrategy
            {
                Type = type,
                RollingUpdate = new V1RollingUpdateDaemonSet { MaxUnavailable = maxUnavailable, MaxSurge = maxSurge },
            };
        return ds;
    }

    /// <summary>Nodes, the DaemonSet, and its pods running everywhere with the status check passed.</summary>
    protected async Task StartAsync(V1DaemonSet ds, params string[] nodes)
    {
        await CreateRunningNodesAsync(nodes);
        await CreateDaemonSetAsync(ds);
        await WaitForRunningOnNodesAsync(Name, nodes);
        await WaitForStatusCheckAsync(Name, nodes.Length);
    }

    /// <summary>The live (not deleting) pods of the DaemonSet.</summary>
    protected async Task<List<V1Pod>> LivePodsAsync() =>
        [.. (await DaemonPodsAsync(Name)).Where(p => p.Metadata.DeletionTimestamp is null)];

    /// <summary>Nodes of <paramref name="nodes"/> that have no live, available daemon pod in this observation.</summary>
    protected static int UnavailableNodes(IReadOnlyList<V1Pod> pods, IReadOnlyCollection<string> nodes) =>
        nodes.Count(n => !pods.Any(p => p.Spec.NodeName == n && p.Metadata.DeletionTimestamp is null && IsAvailable(p)));

    /// <summary>Every node runs exactly one live, available pod of <paramref name="image"/>, and nothing is deleting.</summary>
    protected static bool RolledOutTo(IReadOnlyList<V1Pod> pods, IReadOnlyCollection<string> nodes, string image) =>
        pods.Count == nodes.Count
        && pods.All(p => p.Metadata.DeletionTimestamp is null && IsAvailable(p) && p.Spec.Containers[0].Image == image)
        && nodes.All(n => pods.Count(p => p.Spec.NodeName == n) == 1);

    /// <summary>
    /// Polls the DaemonSet's pods (all of them, deleting ones included) every 50 ms until <paramref name="done"/>
    /// holds; returns every observation made. Fails after a minute.
    /// </summary>
    protected async Task<List<IReadOnlyList<V1Pod>>> ObserveUntilAsync(string what, Func<IReadOnlyList<V1Pod>, bool> done)
    {
        var observations = new List<IReadOnlyList<V1Pod>>();
        var deadline = DateTime.UtcNow + ObservationTimeout;
        while (true)
        {
            var pods = await DaemonPodsAsync(Name);
            observations.Add(pods);
            if (done(pods))
            {
                return observations;
            }

            if (DateTime.UtcNow > deadline)
            {
                var output = Server.Output;
                var events = (await Client.CoreV1.ListNamespacedEventAsync(Namespace)).Items.Select(e => $"{e.Reason} {e.Message}");
                var status = KubernetesJson.Serialize((await ReadDaemonSetAsync()).Status);
                Assert.Fail($"timed out waiting for {what}; last observation:\n{string.Join("\n", pods.Select(Describe))}\nstatus: {status}\nevents:\n{string.Join("\n", events)}\nserver (tail):\n{output[Math.Max(0, output.Length - 4000)..]}");
            }

            await Task.Delay(50);
        }
    }

    protected static string Describe(V1Pod p) =>
        $"{p.Metadata.Name} node={p.Spec.NodeName} image={p.Spec.Containers[0].Image} deleting={p.Metadata.DeletionTimestamp is not null} available={IsAvailable(p)}";

    /// <summary>The rollout status as kubectl prints it once, without watching.</summary>
    protected async Task<string> RolloutStatusOnceAsync() =>
        (await KubectlAsync("rollout", "status", $"ds/{Name}", "--watch=false")).EnsureSuccess().Stdout.Trim();

    protected Task<V1DaemonSet> PatchDaemonSetAsync(string strategicPatch) =>
        Client.AppsV1.PatchNamespacedDaemonSetAsync(new V1Patch(strategicPatch, V1Patch.PatchType.StrategicMergePatch), Name, Namespace);

    protected async Task<List<V1ControllerRevision>> RevisionsAsync() =>
        [.. (await Client.AppsV1.ListNamespacedControllerRevisionAsync(Namespace, labelSelector: $"daemonset-name={Name}")).Items.OrderBy(r => r.Revision)];
}
