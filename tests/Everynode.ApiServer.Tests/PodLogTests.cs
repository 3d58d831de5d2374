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
    public async Task Log_OfAMissingPod_IsNotFound()
    {
        var ns = await server.CreateNamespaceAsync("logs");
        var status = await ApiAssert.FailsAsync(HttpStatusCode.NotFound, () => Client.CoreV1.ReadNamespacedPodLogAsync("ghost", ns));
        Assert.Equal("pods \"ghost\" not found", status.Message);
    }
}
