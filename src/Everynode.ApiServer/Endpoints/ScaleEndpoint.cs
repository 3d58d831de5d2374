using System.Text.Json.Nodes;
using Everynode.Api.Resources;
using Everynode.Api.Scale;
using Everynode.ApiServer.Apply;
using Everynode.ApiServer.Http;
using Everynode.ApiServer.Registry;
using Everynode.ApiServer.Serialization;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Http;

namespace Everynode.ApiServer.Endpoints;

/// <summary>
/// GET, PUT and PATCH of <c>deployments/NAME/scale</c> and <c>replicasets/NAME/scale</c> (autoscaling/v1 Scale), as
/// upstream's ScaleREST: a read shows the object as a Scale; a write changes only the object's spec.replicas through
/// the main resource's strategy (so generation moves and validation runs), guarded by the Scale's resourceVersion
/// when it names one. PATCH applies the patch to the Scale, not to the object.
/// </summary>
internal static class ScaleEndpoint
{
    public static async Task HandleAsync(HttpContext ctx, GenericRegistry registry, ResourceInfo r, string ns, string name, bool dryRun, CancellationToken ct)
    {
        switch (ctx.Request.Method)
        {
            case "GET":
                var current = await registry.GetAsync(r, ns, name, ct);
                await WriteScaleAsync(ctx, current, ct);
                return;
            case "PUT":
                var bytes = await RequestBody.ReadBytesAsync(ctx, ct);
                var body = ReadScale(RequestBody.ParseDocument(bytes, RequestBody.MediaType(ctx)), name, ns);
                await WriteAsync(ctx, registry, r, ns, name, _ => body, FieldManagers.Owner(ctx, "UpdateOptions"), dryRun, ct);
                return;
            case "PATCH":
                var mediaType = RequestBody.MediaType(ctx);
                if (mediaType == "application/apply-patch+yaml")
                {
                    throw ApiException.UnsupportedMediaType(mediaType);
                }

                FieldManagers.RejectForce(ctx);
                var patch = ResourceEndpoint.PatchFunction(mediaType, await RequestBody.ReadBytesAsync(ctx, ct), typeof(V1Scale));
                await WriteAsync(ctx, registry, r, ns, name,
                    scale => ReadScale(ResourceEndpoint.ApplyPatch(patch, ObjectCodec.ToNode(scale)), name, ns),
                    FieldManagers.Owner(ctx, "PatchOptions"), dryRun, ct);
                return;
            default:
                throw ApiException.MethodNotAllowed();
        }
    }

    private static async Task WriteAsync(
        HttpContext ctx, GenericRegistry registry, ResourceInfo r, string ns, string name, Func<V1Scale, V1Scale> change, FieldOwner owner, bool dryRun, CancellationToken ct)
    {
        var updated = await registry.UpdateAsync(r, ns, name, current =>
        {
            var scale = change(ScaleConversion.From(current));
            var errors = ScaleConversion.Validate(scale);
            if (errors.Count > 0)
            {
                throw ApiException.Invalid(ScaleConversion.Kind, ScaleConversion.Group, name, errors);
            }

            ScaleConversion.ApplyReplicas(current, scale.Spec?.Replicas ?? 0);
            if (!string.IsNullOrEmpty(scale.Metadata?.ResourceVersion))
            {
                current.Metadata.ResourceVersion = scale.Metadata.ResourceVersion;
            }

            if (!string.IsNullOrEmpty(scale.Metadata?.Uid) && scale.Metadata.Uid != current.Metadata.Uid)
            {
                throw ApiException.Conflict(r, name, $"Precondition failed: UID in precondition: {scale.Metadata.Uid}, UID in object meta: {current.Metadata.Uid}");
            }

            return current;
        }, UpdateKind.Main, retryOnConflict: true, dryRun, ct, owner);
        await WriteScaleAsync(ctx, updated.Object, ct);
    }

    private static async Task WriteScaleAsync(HttpContext ctx, IKubernetesObject<V1ObjectMeta> obj, CancellationToken ct) =>
        await Responses.WriteJsonAsync(ctx, 200, ObjectCodec.Serialize(ScaleConversion.From(obj)), ct);

    /// <summary>A Scale body: its kind and name must agree with the request, as upstream's decoding and name check demand.</summary>
    private static V1Scale ReadScale(JsonNode? node, string name, string ns)
    {
        if (node is not JsonObject obj)
        {
            throw ApiException.BadRequest("the request body must be a JSON object");
        }

        if (obj["kind"] is JsonValue kindValue && kindValue.TryGetValue<string>(out var kind) && kind.Length > 0 && kind != ScaleConversion.Kind)
        {
            throw ApiException.BadRequest($"the kind in the body ({kind}) does not match the resource's kind ({ScaleConversion.Kind})");
        }

        var scale = ObjectCodec.DeserializeAny<V1Scale>(obj);

        if (scale.Metadata?.Name is { Length: > 0 } bodyName && bodyName != name)
        {
            throw ApiException.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        }

        if (scale.Metadata?.NamespaceProperty is { Length: > 0 } bodyNs && bodyNs != ns)
        {
            throw ApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }

        return scale;
    }
}
