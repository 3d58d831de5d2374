using System.Net;
using Everynode.ApiServer.Tests.Infrastructure;
using k8s;
using k8s.Models;

namespace Everynode.ApiServer.Tests;

/// <summary><c>pods/NAME/log</c>: the API server's checks, and an honest error while no node agent serves logs.</summary>
public sealed class PodLogTests(ApiServerFixture server) : IClassFixture<ApiServerFixture>
{
    private Kubernetes Client => server.Client;

    [Fact]
    public async Task Log_OfAPodWithoutANode_IsBadRequest()
    {
        var ns = await server.CreateNamespaceAsync("logs");
        await Client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("pending"), ns);
        var status = await ApiAssert.FailsAsync(HttpStatusCode.BadRequest, () => Client.CoreV1.ReadNamespacedPodLogAsync("pending", ns));
        Assert.Equal("pod pending does not have a host assigned", status.Message);
    }

    [Fact]
    public async Task Log_OfABoundPod_SaysNoNodeAgentServesLogs()
    {
        var ns = await server.CreateNamespaceAsync("logs");
        await Client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("bound", nodeName: "worker-0"), ns);
        var status = await ApiAssert.FailsAsync(HttpStatusCode.ServiceUnavailable, () => Client.CoreV1.ReadNamespacedPodLogAsync("bound", ns));
        Assert.Equal("ServiceUnavailable", status.Reason);
        Assert.Equal("cannot get the logs of container \"main\" in pod \"bound\": no node agent serves logs on node \"worker-0\"", status.Message);
    }

    [Fact]
    public async Task Log_WithSeveralContainers_NeedsAContainerName_AndAKnownOne()
    {
        var ns = await server.CreateNamespaceAsync("logs");
        var pod = Objects.Pod("two", nodeName: "worker-0");
        pod.Spec.Containers.Add(new V1Container { Name = "sidecar", Image = "busybox:1.36" });
        await Client.CoreV1.CreateNamespacedPodAsync(pod, ns);

        var unnamed = await ApiAssert.FailsAsync(HttpStatusCode.BadRequest, () => Client.CoreV1.ReadNamespacedPodLogAsync("two", ns));
        Assert.Equal("a container name must be specified for pod two, choose one of: [main sidecar]", unnamed.Message);
        var unknown = await ApiAssert.FailsAsync(HttpStatusCode.BadRequest, () => Client.CoreV1.ReadNamespacedPodLogAsync("two", ns, container: "nope"));
        Assert.Equal("container nope is not valid for pod two", unknown.Message);
        await ApiAssert.FailsAsync(HttpStatusCode.ServiceUnavailable, () => Client.CoreV1.ReadNamespacedPodLogAsync("two", ns, container: "sidecar"));
    }

    [Fact]
    public async Task Log_WhenTheNodesAgentIsUnreachable_IsServiceUnavailableNamingTheAddress()
    {
        var ns = await server.CreateNamespaceAsync("logs");
        var port = ClosedPort();
        var node = await Client.CoreV1.CreateNodeAsync(new V1Node { Metadata = new V1ObjectMeta { Name = "agentless-" + ns } });
        node.Status = new V1NodeStatus
        {
            Addresses = [new V1NodeAddress { Type = "InternalIP", Address = "127.0.0.1" }],
            DaemonEndpoints = new V1NodeDaemonEndpoints { KubeletEndpoint = new V1DaemonEndpoint { Port = port } },
        };
        await Client.CoreV1.ReplaceNodeStatusAsync(node, node.Metadata.Name);
        await Client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("far", nodeName: node.Metadata.Name), ns);

        var status = await ApiAssert.FailsAsync(HttpStatusCode.ServiceUnavailable, () => Client.CoreV1.ReadNamespacedPodLogAsync("far", ns));
        Assert.Equal($"Get \"https://127.0.0.1:{port}/containerLogs/{ns}/far/main\": dial tcp 127.0.0.1:{port}: connect: connection refused", status.Message);
    }

    [Fact]
    public async Task Log_WithBadOptions_IsBadRequest()
    {
        var ns = await server.CreateNamespaceAsync("logs");
        await Client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("opts", nodeName: "worker-0"), ns);
        var status = await ApiAssert.FailsAsync(HttpStatusCode.BadRequest, () => Client.CoreV1.ReadNamespacedPodLogAsync("opts", ns, tailLines: -1));
        Assert.Equal("tailLines: Invalid value: -1: must be greater than or equal to 0", status.Message);
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task Log_OfAMissingPod_IsNotFound()
    {
        var ns = await server.CreateNamespaceAsync("logs");
        var status = await ApiAssert.FailsAsync(HttpStatusCode.NotFound, () => Client.CoreV1.ReadNamespacedPodLogAsync("ghost", ns));
        Assert.Equal("pods \"ghost\" not found", status.Message);
    }
}
