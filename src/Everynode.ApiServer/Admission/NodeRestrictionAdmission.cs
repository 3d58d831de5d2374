using Everynode.Api.Authorization;
using Everynode.Api.Resources;
using Everynode.ApiServer.Auth;
using Everynode.ApiServer.Http;
using Everynode.ApiServer.Registry;
using Everynode.ApiServer.Serialization;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Http;

namespace Everynode.ApiServer.Admission;

/// <summary>
/// Runs <see cref="NodeRestriction"/> for requests made by node agents (users <c>system:node:NAME</c> in
/// <c>system:nodes</c>); everyone else passes untouched. Checks that need only the URL run before the request
/// is served; those that need the submitted object run where the object is decoded (create) or inside the
/// read-modify-write (update, patch, apply), so they see exactly what would be stored.
/// </summary>
internal static class NodeRestrictionAdmission
{
    public static string? NodeOf(HttpContext ctx) => UserInfo.Get(ctx) is { } u ? NodeIdentity.NodeName(u.Name, u.Groups) : null;

    /// <summary>URL-level checks: which Node, Lease or bound pod a node's write names.</summary>
    public static async Task AdmitRequestAsync(HttpContext ctx, RequestInfo info, GenericRegistry registry, CancellationToken ct)
    {
        var node = NodeOf(ctx);
        var method = ctx.Request.Method;
        if (node is null || info.Name is null || method is "GET" or "HEAD" || info.Group.Length > 0 && info.Group != "coordination.k8s.io")
        {
            return;
        }

        var r = registry.Resources.Find(info.Group, info.Version, info.Resource);
        if (r is null)
        {
            return;
        }

        string? reason = (info.Group, info.Resource) switch
        {
            ("", "nodes") => NodeRestriction.NodeTarget(node, info.Name),
            ("coordination.k8s.io", "leases") => NodeRestriction.Lease(node, info.Namespace ?? "", info.Name),
            _ => null,
        };
        if (reason is null && info is { Group: "", Resource: "pods", Namespace: { } ns })
        {
            var action = (info.Subresource, method) switch
            {
                (null, "DELETE") => "delete",
                ("status", "PUT" or "PATCH") => "update pod status for",
                ("eviction", "POST") => "evict",
                _ => null,
            };
            if (action is not null)
            {
                var pod = (V1Pod)await registry.GetAsync(r, ns, info.Name, ct);
                reason = NodeRestriction.BoundPod(node, pod, action);
            }
        }

        if (reason is not null)
        {
            throw RequestAuthorizer.ForbiddenStatus(r, info.Name, reason);
        }
    }

    /// <summary>A node creating an object: only its own Node (with kubelet labels), its own Lease and mirror pods bound to it.</summary>
    public static void AdmitCreate(HttpContext ctx, ResourceInfo r, string? ns, IKubernetesObject<V1ObjectMeta> obj)
    {
        if (NodeOf(ctx) is not { } node)
        {
            return;
        }

        var reason = obj switch
        {
            V1Node n => NodeRestriction.NodeCreate(node, n),
            V1Pod p => NodeRestriction.MirrorPodCreate(node, p),
            V1Lease l => NodeRestriction.Lease(node, l.Metadata?.NamespaceProperty is { Length: > 0 } leaseNs ? leaseNs : ns ?? "", l.Metadata?.Name ?? ""),
            _ => null,
        };
        if (reason is not null)
        {
            throw RequestAuthorizer.ForbiddenStatus(r, obj.Metadata?.Name ?? "", reason);
        }
    }

    /// <summary>
    /// Wraps an update's transform so a node's change to its own Node is checked against the stored one (taints,
    /// labels). Other users and other kinds get the transform unchanged.
    /// </summary>
    public static Func<IKubernetesObject<V1ObjectMeta>, IKubernetesObject<V1ObjectMeta>> AdmitUpdate(
        HttpContext ctx, ResourceInfo r, UpdateKind kind, Func<IKubernetesObject<V1ObjectMeta>, IKubernetesObject<V1ObjectMeta>> transform)
    {
        if (NodeOf(ctx) is not { } node || r.ObjectType != typeof(V1Node) || kind != UpdateKind.Main)
        {
            return transform;
        }

        return current =>
        {
            var old = (V1Node)ObjectCodec.Deserialize(ObjectCodec.ToNode(current), r.ObjectType, r.Kind, r.Version);
            var updated = transform(current);
            if (NodeRestriction.NodeUpdate(node, (V1Node)updated, old) is { } reason)
            {
                throw RequestAuthorizer.ForbiddenStatus(r, old.Metadata?.Name ?? "", reason);
            }

            return updated;
        };
    }
}
