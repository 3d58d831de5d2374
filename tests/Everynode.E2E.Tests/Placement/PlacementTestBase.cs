using Everynode.E2E.Tests.Harness;
using k8s;
using k8s.Models;

namespace Everynode.E2E.Tests.Placement;

/// <summary>
/// One <c>everynode server</c> per test (nodes are cluster-wide, so a DaemonSet in one test would land on another
/// test's nodes), a namespace of the test's own, Ready nodes made through the API and a <see cref="FakeKubelet"/>
/// that runs whatever is bound to them.
/// </summary>
public abstract class PlacementTestBase : IAsyncLifetime
{
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _directory = new("everynode-e2e-");
    private readonly List<FakeKubelet> _kubelets = [];
    private EverynodeServer? _server;
    private Kubernetes? _client;

    internal EverynodeServer Server => _server!;

    protected Kubernetes Client => _client!;

    /// <summary>This test's namespace.</summary>
    protected string Namespace { get; } = $"e2e-{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>More <c>everynode server</c> flags for a test class (e.g. a short node monitor grace period).</summary>
    protected virtual IReadOnlyList<string> ExtraServerArgs => [];

    public async Task InitializeAsync()
    {
        _server = await EverynodeServer.StartAsync(new EverynodeServerOptions
        {
            DataDirectory = Path.Combine(_directory.Path, "data"),
            Datastore = "memory://",
            ExtraArgs = ["--pod-gc-quarantine", "1s", .. ExtraServerArgs],
        });
        _client = Server.CreateClient();
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = Namespace } });
    }

    public async Task DisposeAsync()
    {
        foreach (var kubelet in _kubelets)
        {
            await kubelet.DisposeAsync();
        }

        _client?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _directory.Delete();
    }

    /// <summary>Creates Ready nodes (4 cpu, 8Gi, 110 pods) and a kubelet that runs their pods.</summary>
    protected async Task CreateRunningNodesAsync(params string[] names)
    {
        foreach (var name in names)
        {
            await ClusterNodes.CreateReadyNodeAsync(Client, name);
        }

        StartKubelet(names);
    }

    protected void StartKubelet(params string[] nodeNames) => _kubelets.Add(FakeKubelet.Start(Client, nodeNames));

    /// <summary>The kubelet acting for <paramref name="nodeName"/>.</summary>
    internal FakeKubelet KubeletOf(string nodeName) => _kubelets.First(k => k.Acts(nodeName));

    /// <summary>The §17 fixture: one <c>app</c> container (httpd, port 9376), selector and template labels <c>daemonset-name: NAME</c>.</summary>
    protected static V1DaemonSet NewDaemonSet(string name = "daemon-set", bool labelled = false)
    {
        var labels = new Dictionary<string, string> { ["daemonset-name"] = name };
        return new V1DaemonSet
        {
            Metadata = new V1ObjectMeta { Name = name, Labels = labelled ? new Dictionary<string, string>(labels) : null },
            Spec = new V1DaemonSetSpec
            {
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string>(labels) },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string>(labels) },
                    Spec = new V1PodSpec
                    {
                        Containers =
                        [
                            new V1Container
                            {
                                Name = "app",
                                Image = "registry.k8s.io/e2e-test-images/httpd:2.4.38-4",
                                Ports = [new V1ContainerPort { ContainerPort = 9376 }],
                            },
                        ],
                    },
                },
            },
        };
    }

    protected Task<V1DaemonSet> CreateDaemonSetAsync(V1DaemonSet ds) => Client.AppsV1.CreateNamespacedDaemonSetAsync(ds, Namespace);

    protected Task<V1DaemonSet> ReadDaemonSetAsync(string name = "daemon-set") => Client.AppsV1.ReadNamespacedDaemonSetAsync(name, Namespace);

    /// <summary>Pods in the namespace whose controllerRef is the DaemonSet named <paramref name="ds"/> (any UID).</summary>
    protected async Task<IReadOnlyList<V1Pod>> DaemonPodsAsync(string ds = "daemon-set") =>
        (await Client.CoreV1.ListNamespacedPodAsync(Namespace)).Items
            .Where(p => p.Metadata.OwnerReferences?.Any(o => o.Controller == true && o.Kind == "DaemonSet" && o.Name == ds) == true).ToList();

    protected static bool IsAvailable(V1Pod pod) =>
        pod.Status?.Phase == "Running" && pod.Status.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    /// <summary>
    /// §17 "running on nodes S": exactly one non-deleting, Available pod on each node of <paramref name="nodes"/>
    /// and no non-deleting pod anywhere else.
    /// </summary>
    protected async Task<bool> IsRunningOnNodesAsync(string ds, IReadOnlyCollection<string> nodes)
    {
        var live = (await DaemonPodsAsync(ds)).Where(p => p.Metadata.DeletionTimestamp is null).ToList();
        return live.Count == nodes.Count
            && nodes.All(n => live.Count(p => p.Spec.NodeName == n && IsAvailable(p)) == 1);
    }

    protected Task WaitForRunningOnNodesAsync(string ds, params string[] nodes) =>
        WaitForAsync($"daemon set {ds} running on exactly [{string.Join(", ", nodes)}]", () => IsRunningOnNodesAsync(ds, nodes),
            async () => string.Join("\n", (await DaemonPodsAsync(ds)).Select(Describe)));

    /// <summary>§17 "status check": desiredNumberScheduled == currentNumberScheduled == numberReady (== <paramref name="expected"/>).</summary>
    protected Task WaitForStatusCheckAsync(string ds, int expected) =>
        WaitForAsync($"daemon set {ds} status desired == current == ready == {expected}",
            async () => (await ReadDaemonSetAsync(ds)).Status is { } s
                && s.DesiredNumberScheduled == expected && s.CurrentNumberScheduled == expected && s.NumberReady == expected,
            async () => KubernetesJson.Serialize((await ReadDaemonSetAsync(ds)).Status));

    /// <summary>Polls <paramref name="condition"/> every 100 ms; fails with <paramref name="what"/> and the current state after 30 s.</summary>
    protected async Task WaitForAsync(string what, Func<Task<bool>> condition, Func<Task<string>>? state = null)
    {
        var deadline = DateTime.UtcNow + WaitTimeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                var detail = state is null ? "" : await state();
                var kubeletErrors = string.Join("\n", _kubelets.Select(k => k.LastError).OfType<string>());
                Assert.Fail($"timed out after {WaitTimeout.TotalSeconds:0} s waiting for {what}\n{detail}\nkubelet: {kubeletErrors}");
            }

            await Task.Delay(100);
        }
    }

    private static string Describe(V1Pod p) =>
        $"{p.Metadata.Name} node={p.Spec.NodeName} phase={p.Status?.Phase} deleting={p.Metadata.DeletionTimestamp is not null} available={IsAvailable(p)}";
}
