using System.Diagnostics;
using System.Net;
using Everynode.Agent;
using Everynode.Agent.Images.Registry;
using Everynode.Agent.Runtime.Process;
using Everynode.ApiServer;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace Everynode.Bench;

/// <summary>
/// From creating a pod to its phase Running, for an image the node does not have: an in-process API server
/// (in-memory store), a node agent on the process runtime with an empty image store, the image on a real registry.
/// </summary>
internal static class ImagePodStartBenchmark
{
    public static async Task<TimeSpan> MeasureAsync(string folder, string reference, string caFile, string registryHost, CancellationToken ct)
    {
        await using var server = await ApiServerHost.StartAsync(new ApiServerOptions
        {
            DataDirectory = Path.Combine(folder, "server"),
            Port = 0,
            BindAddress = IPAddress.Loopback,
            Datastore = "memory://",
        }, NullLoggerFactory.Instance, ct);
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(server.KubeconfigPath));
        var config = RegistryConfig.Parse($"configs:\n  \"{registryHost}\":\n    tls:\n      ca_file: {caFile}\n", "bench", folder);
        await using var runtime = new ProcessRuntime(new ProcessRuntimeOptions
        {
            ImageStoreDirectory = Path.Combine(folder, "images"),
            DataDirectory = Path.Combine(folder, "agent"),
            Registries = config,
        }, NullLogger.Instance);
        await using var agent = await NodeAgent.StartAsync(new AgentOptions
        {
            NodeName = "bench-node",
            NodeIP = IPAddress.Loopback,
            DataDirectory = Path.Combine(folder, "agent"),
            Port = 0,
            ServingToken = server.AdminToken,
            ReportHostPressure = false,
        }, client, runtime, NullLoggerFactory.Instance, ct);

        var clock = Stopwatch.StartNew();
        await client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "pulled" },
            Spec = new V1PodSpec
            {
                NodeName = "bench-node",
                Containers = [new V1Container { Name = "main", Image = reference, Command = ["/bin/busybox", "sleep", "3600"] }],
            },
        }, "default", cancellationToken: ct);
        while (true)
        {
            var pod = await client.CoreV1.ReadNamespacedPodAsync("pulled", "default", cancellationToken: ct);
            if (pod.Status?.Phase == "Running")
            {
                return clock.Elapsed;
            }

            if (clock.Elapsed > TimeSpan.FromMinutes(2))
            {
                var waiting = pod.Status?.ContainerStatuses?.FirstOrDefault()?.State?.Waiting;
                throw new InvalidOperationException($"the pod did not run within 2 min: {waiting?.Reason} {waiting?.Message}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), ct);
        }
    }
}
