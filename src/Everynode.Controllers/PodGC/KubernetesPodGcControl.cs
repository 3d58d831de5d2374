using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Everynode.Controllers.PodGC;

/// <summary><see cref="IPodGcControl"/> over the API.</summary>
internal sealed class KubernetesPodGcControl(IKubernetes client) : IPodGcControl
{
    public async Task<bool> NodeExistsAsync(string name, CancellationToken ct)
    {
        try
        {
            await client.CoreV1.ReadNodeAsync(name, cancellationToken: ct);
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public async Task MarkFailedAsync(V1Pod pod, V1PodCondition? condition, CancellationToken ct)
    {
        var status = new JsonObject { ["phase"] = "Failed" };
        if (condition is not null)
        {
            status["conditions"] = new JsonArray(JsonNode.Parse(KubernetesJson.Serialize(condition)));
        }

        var body = new JsonObject { ["metadata"] = new JsonObject { ["uid"] = pod.Metadata.Uid }, ["status"] = status };
        await IgnoreGone(client.CoreV1.PatchNamespacedPodStatusAsync(
            new V1Patch(body.ToJsonString(), V1Patch.PatchType.StrategicMergePatch), pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: ct));
    }

    public Task ForceDeleteAsync(V1Pod pod, CancellationToken ct) =>
        IgnoreGone(client.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, pod.Metadata.NamespaceProperty,
            new V1DeleteOptions { GracePeriodSeconds = 0, Preconditions = new V1Preconditions { Uid = pod.Metadata.Uid } }, cancellationToken: ct));

    private static async Task IgnoreGone(Task call)
    {
        try
        {
            await call;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
        }
    }
}
