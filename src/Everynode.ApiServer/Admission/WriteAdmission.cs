using Everynode.Api.Resources;
using Everynode.ApiServer.Http;
using Everynode.ApiServer.Registry;
using Everynode.ApiServer.Serialization;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Http;

namespace Everynode.ApiServer.Admission;

/// <summary>
/// What every write passes before the registry stores it: NodeRestriction for node agents, RBAC escalation
/// prevention for roles and bindings, and the datastore's
/// object size limit (an update or patch can grow an object past it even with a small body).
/// </summary>
internal static class WriteAdmission
{
    public static void Create(HttpContext ctx, ResourceInfo r, string? ns, IKubernetesObject<V1ObjectMeta> obj)
    {
        NodeRestrictionAdmission.AdmitCreate(ctx, r, ns, obj);
        RbacEscalation.Check(ctx, r, obj, old: null);
        RequestLimits.CheckObjectSize(ObjectCodec.Serialize(obj).Length);
    }

    public static Func<IKubernetesObject<V1ObjectMeta>, IKubernetesObject<V1ObjectMeta>> Update(
        HttpContext ctx, ResourceInfo r, UpdateKind kind, Func<IKubernetesObject<V1ObjectMeta>, IKubernetesObject<V1ObjectMeta>> transform)
    {
        var admitted = NodeRestrictionAdmission.AdmitUpdate(ctx, r, kind, transform);
        return current =>
        {
            var updated = admitted(current);
            RbacEscalation.Check(ctx, r, updated, current);
            RequestLimits.CheckObjectSize(ObjectCodec.Serialize(updated).Length);
            return updated;
        };
    }
}
