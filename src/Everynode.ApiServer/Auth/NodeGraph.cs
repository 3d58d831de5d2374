using Everynode.Api.Authorization;
using Everynode.Api.Selectors;
using Everynode.ApiServer.Registry;
using k8s.Models;

namespace Everynode.ApiServer.Auth;

/// <summary>
/// The graph half of upstream's Node authorizer: a node may <c>get</c> a Secret or ConfigMap that a pod bound to it
/// refers to (env, envFrom, volumes, projected sources, image pull secrets), and nothing else of those kinds. The pods
/// come from a list with <c>spec.nodeName</c> (served from the watch cache).
/// </summary>
internal static class NodeGraph
{
    /// <summary>True when the request is a node's GET of a Secret or ConfigMap one of its pods refers to.</summary>
    public static async Task<bool> AllowsAsync(GenericRegistry registry, RequestAttributes a, CancellationToken ct)
    {
        if (NodeIdentity.NodeName(a.User, a.Groups) is not { } node || a.Verb != "get" || a.ApiGroup.Length != 0
            || a.Subresource.Length != 0 || a.Resource is not ("secrets" or "configmaps") || string.IsNullOrEmpty(a.Name) || string.IsNullOrEmpty(a.Namespace))
        {
            return false;
        }

        var pods = registry.Resources.Find("", "v1", "pods")!;
        var page = await registry.ListAsync(pods, a.Namespace, new ListRequest { FieldSelector = FieldSelector.Parse($"spec.nodeName={node}") }, ct);
        return page.Items.Select(kv => (V1Pod)GenericRegistry.Decode(pods, kv)).Any(p => RefersTo(p, a.Resource, a.Name));
    }

    public static bool RefersTo(V1Pod pod, string resource, string name)
    {
        var spec = pod.Spec;
        if (spec is null)
        {
            return false;
        }

        var containers = (spec.InitContainers ?? []).Concat(spec.Containers ?? []);
        if (resource == "configmaps")
        {
            return containers.Any(c => (c.EnvFrom ?? []).Any(e => e.ConfigMapRef?.Name == name) || (c.Env ?? []).Any(e => e.ValueFrom?.ConfigMapKeyRef?.Name == name))
                || (spec.Volumes ?? []).Any(v => v.ConfigMap?.Name == name || (v.Projected?.Sources ?? []).Any(s => s.ConfigMap?.Name == name));
        }

        return containers.Any(c => (c.EnvFrom ?? []).Any(e => e.SecretRef?.Name == name) || (c.Env ?? []).Any(e => e.ValueFrom?.SecretKeyRef?.Name == name))
            || (spec.Volumes ?? []).Any(v => v.Secret?.SecretName == name || (v.Projected?.Sources ?? []).Any(s => s.Secret?.Name == name))
            || (spec.ImagePullSecrets ?? []).Any(s => s.Name == name);
    }
}
