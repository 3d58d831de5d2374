using System.Text.Json.Nodes;
using Everynode.Api.Patching;
using Everynode.Api.Resources;
using Everynode.ApiServer.Apply;
using Everynode.ApiServer.FieldValidation;
using Everynode.ApiServer.Http;
using Everynode.ApiServer.Registry;
using Everynode.ApiServer.Serialization;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Http;

namespace Everynode.ApiServer.Endpoints;

internal sealed partial class ResourceEndpoint
{
    private async Task CreateAsync(HttpContext ctx, ResourceInfo r, string? ns, CancellationToken ct)
    {
        if (!r.Stored)
        {
            await Auth.SelfSubjectReviews.CreateAsync(ctx, r, ct);
            return;
        }

        var dryRun = IsDryRun(ctx);
        var decode = await ReadObjectAsync(ctx, r, ct);
        var owner = FieldManagers.Owner(ctx, "CreateOptions");
        var obj = decode();
        Admission.WriteAdmission.Create(ctx, r, ns, obj);
        var created = await registry.CreateAsync(r, ns, obj, dryRun, ct, owner);
        WarningHeaders.AddFor(ctx, r, created.Object);
        await Responses.WriteJsonAsync(ctx, 201, created.Json, ct);
    }

    private async Task UpdateAsync(HttpContext ctx, ResourceInfo r, string? ns, string name, UpdateKind kind, CancellationToken ct)
    {
        var dryRun = IsDryRun(ctx);
        var owner = FieldManagers.Owner(ctx, "UpdateOptions");
        var decode = await ReadObjectAsync(ctx, r, ct);
        var body = decode();
        if (body.Metadata?.Name != name)
        {
            throw ApiException.BadRequest($"the name of the object ({body.Metadata?.Name}) does not match the name on the URL ({name})");
        }

        if (r.Namespaced && !string.IsNullOrEmpty(body.Metadata.NamespaceProperty) && body.Metadata.NamespaceProperty != ns)
        {
            throw ApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }

        // Each attempt of the read-modify-write gets a fresh copy of the body.
        var first = body;
        var updated = await registry.UpdateAsync(r, ns, name, Admission.WriteAdmission.Update(ctx, r, kind, _ =>
        {
            var copy = first ?? decode();
            first = null;
            return copy;
        }), kind, retryOnConflict: true, dryRun, ct, owner, transformIgnoresCurrent: true);
        if (kind == UpdateKind.Main)
        {
            WarningHeaders.AddFor(ctx, r, updated.Object);
        }

        await Responses.WriteJsonAsync(ctx, 200, updated.Json, ct);
    }

    private async Task PatchAsync(HttpContext ctx, ResourceInfo r, string? ns, string name, UpdateKind kind, CancellationToken ct)
    {
        var dryRun = IsDryRun(ctx);
        var mediaType = RequestBody.MediaType(ctx);
        if (mediaType == "application/apply-patch+yaml")
        {
            await ApplyAsync(ctx, r, ns, name, kind, dryRun, ct);
            return;
        }

        FieldManagers.RejectForce(ctx);
        var owner = FieldManagers.Owner(ctx, "PatchOptions");
        var bytes = await RequestBody.ReadBytesAsync(ctx, ct);
        var fieldValidation = FieldValidationDirective.From(ctx);
        fieldValidation.CheckPatchBody(bytes, r);
        var apply = PatchFunction(mediaType, bytes, r.ObjectType);
        var updated = await registry.UpdateAsync(r, ns, name, Admission.WriteAdmission.Update(ctx, r, kind, current =>
        {
            var patchedObject = ApplyPatch(apply, ObjectCodec.ToNode(current));
            CheckTypeMeta(r, patchedObject);
            fieldValidation.CheckPatched(patchedObject, r);
            if (patchedObject["metadata"]?["name"]?.GetValue<string>() != name)
            {
                throw ApiException.BadRequest("metadata.name: the name of an object cannot be changed by a patch");
            }

            return ObjectCodec.Deserialize(patchedObject, r.ObjectType, r.Kind, r.Version);
        }), kind, retryOnConflict: true, dryRun, ct, owner);
        if (kind == UpdateKind.Main)
        {
            WarningHeaders.AddFor(ctx, r, updated.Object);
        }

        await Responses.WriteJsonAsync(ctx, 200, updated.Json, ct);
    }

    /// <summary>The patch of a PATCH request as a function over the target's JSON; an unknown patch type is a 415.</summary>
    internal static Func<JsonNode, JsonNode?> PatchFunction(string mediaType, byte[] bytes, Type objectType)
    {
        switch (mediaType)
        {
            case "application/json-patch+json":
                var ops = RequestBody.ParseDocument(bytes, "application/json");
                return doc => JsonPatch.Apply(doc, ops);
            case "application/merge-patch+json":
                var merge = RequestBody.ParseDocument(bytes, "application/json");
                return doc => JsonMergePatch.Apply(doc, merge);
            case "application/strategic-merge-patch+json":
                var smp = RequestBody.ParseDocument(bytes, "application/json");
                if (smp is not JsonObject)
                {
                    throw ApiException.BadRequest("strategic merge patch must be a JSON object");
                }

                return doc => StrategicMergePatch.Apply(doc, smp, objectType);
            default:
                throw new ApiException(415, "UnsupportedMediaType",
                    $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json");
        }
    }

    /// <summary>
    /// Applies a patch to a document; a patch that cannot be applied is upstream's generic 422 (NewGenericServerResponse):
    /// the detail is dropped, and kubectl prints "The request is invalid: &lt;this message&gt;".
    /// </summary>
    internal static JsonObject ApplyPatch(Func<JsonNode, JsonNode?> apply, JsonNode document)
    {
        JsonNode? patched;
        try
        {
            patched = apply(document);
        }
        catch (PatchException e)
        {
            throw e.StatusCode == 400
                ? ApiException.BadRequest(e.Message)
                : new ApiException(422, "Invalid", "the server rejected our request due to an error in our request");
        }

        return patched as JsonObject ?? throw new ApiException(422, "Invalid", "the patch produced something other than an object");
    }

    /// <summary>POST pods/NAME/binding: assigns an unscheduled pod to a node, once.</summary>
    private async Task BindAsync(HttpContext ctx, ResourceInfo r, string ns, string name, CancellationToken ct)
    {
        var dryRun = IsDryRun(ctx);
        var bytes = await RequestBody.ReadBytesAsync(ctx, ct);
        var binding = ObjectCodec.DeserializeAny<V1Binding>(RequestBody.ParseDocument(bytes, RequestBody.MediaType(ctx)));
        if (binding.Target is null || string.IsNullOrEmpty(binding.Target.Name))
        {
            throw ApiException.Invalid(r, name, [Api.Validation.FieldError.Required("target.name")]);
        }

        if (binding.Target.Kind is { Length: > 0 } k && k != "Node")
        {
            throw ApiException.Invalid(r, name, [Api.Validation.FieldError.NotSupported("target.kind", k, ["Node"])]);
        }

        await registry.UpdateAsync(r, ns, name, current =>
        {
            var pod = (V1Pod)current;
            if (pod.Metadata.DeletionTimestamp is not null)
            {
                throw ApiException.Conflict(r, name, $"pod {name} is being deleted, cannot be assigned to a host");
            }

            if (!string.IsNullOrEmpty(pod.Spec.NodeName))
            {
                throw ApiException.Conflict(r, name, $"pod {name} is already assigned to node \"{pod.Spec.NodeName}\"");
            }

            pod.Spec.NodeName = binding.Target.Name;
            pod.Status ??= new V1PodStatus();
            pod.Status.Conditions ??= [];
            var scheduled = pod.Status.Conditions.FirstOrDefault(c => c.Type == "PodScheduled");
            if (scheduled is null)
            {
                pod.Status.Conditions.Add(new V1PodCondition { Type = "PodScheduled", Status = "True" });
            }
            else
            {
                scheduled.Status = "True";
                scheduled.Reason = null;
                scheduled.Message = null;
            }

            return pod;
        }, UpdateKind.Binding, retryOnConflict: true, dryRun, ct);
        await Responses.WriteJsonAsync(ctx, 201, StatusJson.Serialize(new V1Status { Status = "Success", Code = 201 }), ct);
    }

    /// <summary>
    /// Reads a create/update body (JSON, or YAML turned into JSON) and returns a decoder that yields a fresh copy of
    /// the object each call, checked to be this resource's kind and version.
    /// </summary>
    private static async Task<Func<IKubernetesObject<V1ObjectMeta>>> ReadObjectAsync(HttpContext ctx, ResourceInfo r, CancellationToken ct)
    {
        var bytes = await RequestBody.ReadBytesAsync(ctx, ct);
        var mediaType = RequestBody.MediaType(ctx);
        if (mediaType == "application/vnd.kubernetes.protobuf")
        {
            // kubectl's typed clients send protobuf for `create namespace|deployment|secret|configmap|role…`.
            bytes = System.Text.Encoding.UTF8.GetBytes(Protobuf.ProtobufBodyDecoder.Decode(bytes).ToJsonString());
        }
        else if (mediaType is not ("application/json" or ""))
        {
            var node = RequestBody.ParseDocument(bytes, mediaType);
            if (node is not JsonObject)
            {
                throw ApiException.BadRequest("the request body must be a JSON object");
            }

            bytes = System.Text.Encoding.UTF8.GetBytes(node.ToJsonString());
        }
        else if (bytes.Length == 0)
        {
            throw ApiException.BadRequest("the request body is empty");
        }
        else
        {
            RequestBody.RejectBrokenEscapes(bytes);
        }

        FieldValidationDirective.From(ctx).CheckObject(bytes, r);
        IKubernetesObject<V1ObjectMeta> Decode()
        {
            var obj = ObjectCodec.Deserialize(bytes, r.ObjectType, r.Kind, r.Version);
            if (obj.Kind is { Length: > 0 } kind && kind != r.Kind)
            {
                throw ApiException.BadRequest($"the kind in the body ({kind}) does not match the resource's kind ({r.Kind})");
            }

            if (obj.ApiVersion is { Length: > 0 } apiVersion && apiVersion != r.ApiVersion)
            {
                throw ApiException.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({r.ApiVersion})");
            }

            obj.Kind = r.Kind;
            obj.ApiVersion = r.ApiVersion;
            obj.Metadata ??= new V1ObjectMeta();
            return obj;
        }

        // The first call hands out the copy decoded here (which also validated the body).
        IKubernetesObject<V1ObjectMeta>? pending = Decode();
        return () =>
        {
            var obj = pending ?? Decode();
            pending = null;
            return obj;
        };
    }

    private static void CheckTypeMeta(ResourceInfo r, JsonObject obj)
    {
        string? kind = null, apiVersion = null;
        try
        {
            kind = obj["kind"]?.GetValue<string>();
            apiVersion = obj["apiVersion"]?.GetValue<string>();
        }
        catch (InvalidOperationException)
        {
            throw ApiException.BadRequest("kind and apiVersion must be strings");
        }

        if (kind is { Length: > 0 } && kind != r.Kind)
        {
            throw ApiException.BadRequest($"the kind in the body ({kind}) does not match the resource's kind ({r.Kind})");
        }

        if (apiVersion is { Length: > 0 } && apiVersion != r.ApiVersion)
        {
            throw ApiException.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({r.ApiVersion})");
        }
    }
}
