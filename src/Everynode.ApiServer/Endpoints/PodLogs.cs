using Everynode.Api.Resources;
using Everynode.ApiServer.Http;
using Everynode.ApiServer.Registry;
using k8s.Models;
using Microsoft.AspNetCore.Http;

namespace Everynode.ApiServer.Endpoints;

/// <summary>
/// <c>GET pods/NAME/log</c>. The API server checks the request as upstream does (which container, whether the pod
/// has a node); the logs themselves come from the node agent on the pod's node. Until a node agent serves them, the
/// answer is an honest 503 naming the node.
/// </summary>
internal static class PodLogs
{
    public static async Task HandleAsync(HttpContext ctx, GenericRegistry registry, ResourceInfo r, string ns, string name, CancellationToken ct)
    {
        var pod = (V1Pod)await registry.GetAsync(r, ns, name, ct);
        var requested = ctx.Request.Query["container"].ToString();
        var containers = (pod.Spec?.Containers ?? []).Select(c => c.Name)
            .Concat((pod.Spec?.InitContainers ?? []).Select(c => c.Name)).ToList();
        string container;
        if (requested.Length > 0)
        {
            container = containers.Contains(requested)
                ? requested
                : throw ApiException.BadRequest($"container {requested} is not valid for pod {name}");
        }
        else if (pod.Spec?.Containers is { Count: 1 } only)
        {
            container = only[0].Name;
        }
        else
        {
            throw ApiException.BadRequest(
                $"a container name must be specified for pod {name}, choose one of: [{string.Join(" ", pod.Spec?.Containers?.Select(c => c.Name) ?? [])}]");
        }

        if (string.IsNullOrEmpty(pod.Spec?.NodeName))
        {
            throw ApiException.BadRequest($"pod {name} does not have a host assigned");
        }

        throw new ApiException(503, "ServiceUnavailable",
            $"cannot get the logs of container \"{container}\" in pod \"{name}\": no node agent serves logs on node \"{pod.Spec.NodeName}\"");
    }
}
