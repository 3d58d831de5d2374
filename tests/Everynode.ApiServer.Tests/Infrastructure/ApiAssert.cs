using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Everynode.ApiServer.Tests.Infrastructure;

/// <summary>Asserts that a client call fails with a given HTTP status, and returns the Status body.</summary>
internal static class ApiAssert
{
    public static async Task<V1Status> FailsAsync(HttpStatusCode code, Func<Task> call)
    {
        var e = await Assert.ThrowsAsync<HttpOperationException>(call);
        Assert.Equal(code, e.Response.StatusCode);
        var status = KubernetesJson.Deserialize<V1Status>(e.Response.Content);
        Assert.Equal("Status", status.Kind);
        Assert.Equal("v1", status.ApiVersion);
        Assert.Equal("Failure", status.Status);
        Assert.Equal((int)code, status.Code);
        return status;
    }
}
