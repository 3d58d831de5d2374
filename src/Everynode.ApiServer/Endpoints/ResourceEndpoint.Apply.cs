using System.Text.Json.Nodes;
using Everynode.Api.Apply;
using Everynode.Api.Resources;
using Everynode.ApiServer.Apply;
using Everynode.ApiServer.FieldValidation;
using Everynode.ApiServer.Http;
using Everynode.ApiServer.Registry;
using Everynode.ApiServer.Serialization;
using k8s.Models;
using Microsoft.AspNetCore.Http;

namespace Everynode.ApiServer.Endpoints;

internal sealed partial class ResourceEndpoint
{
    /// <summary>
    /// PATCH with <c>application/apply-patch+yaml</c>: server-side apply of a partial object. The object is created
    /// when it does not exist (201), otherwise the configuration is merged into it (200); fields other managers own
    /// are a 409 unless <c>force=true</c>.
    /// </summary>
    private async Task ApplyAsync(HttpContext ctx, ResourceInfo r, string? ns, string name, UpdateKind kind, bool dryRun, CancellationToken ct)
    {
        var owner = FieldManagers.ApplyOwner(ctx);
        var force = FieldManagers.Force(ctx);
        var bytes = await RequestBody.ReadBytesAsync(ctx, ct);
        var fieldValidation = FieldValidationDirective.From(ctx);
        fieldValidation.CheckPatchBody(bytes, r);
        var config = ReadApplyConfiguration(bytes, r, ns, name);
        fieldValidation.CheckPatched(config, r);
        var status = kind == UpdateKind.Status;
        var applier = new ManagerEntry(owner.Manager, ManagerEntry.Apply, r.ApiVersion, null, status ? "status" : null, FieldSet.Empty);
        while (true)
        {
            try
            {
                var updated = await registry.UpdateAsync(r, ns, name, Admission.WriteAdmission.Update(ctx, r, kind, current =>
                {
                    var managers = ManagedFieldsCodec.Decode(current.Metadata.ManagedFields, out _) ?? [];
                    var live = (JsonObject)ObjectCodec.ToNode(current);
                    var merged = RunApply(r, live, config, status, managers, applier with { Time = registry.Now() }, force, owner);
                    return ObjectCodec.Deserialize(merged, r.ObjectType, r.Kind, r.Version);
                }), kind, retryOnConflict: true, dryRun, ct, owner);
                await Responses.WriteJsonAsync(ctx, 200, updated.Json, ct);
                return;
            }
            catch (ApiException e) when (e.Code == 404 && kind == UpdateKind.Main)
            {
                // Apply creates what does not exist yet.
            }

            var created = RunApply(r, null, config, status, [], applier with { Time = registry.Now() }, force, owner);
            try
            {
                var obj = ObjectCodec.Deserialize(created, r.ObjectType, r.Kind, r.Version);
                Admission.WriteAdmission.Create(ctx, r, ns, obj);
                var result = await registry.CreateAsync(r, ns, obj, dryRun, ct, owner);
                await Responses.WriteJsonAsync(ctx, 201, result.Json, ct);
                return;
            }
            catch (ApiException e) when (e.Code == 409 && e.Reason == "AlreadyExists")
            {
                // Created by someone else meanwhile: apply to it.
            }
        }
    }

    private static JsonObject RunApply(
        ResourceInfo r, JsonObject? live, JsonObject config, bool status, IReadOnlyList<ManagerEntry> managers, ManagerEntry applier, bool force, FieldOwner owner)
    {
        try
        {
            var (merged, entries) = FieldManager.Apply(live, config, r.ObjectType, status, managers, applier, force);
            owner.Applied = entries;
            LastAppliedAnnotation.Sync(merged, config, applier.Manager);
            return merged;
        }
        catch (ApplyConflictException e)
        {
            throw new ApiException(409, "Conflict", e.Message, new V1StatusDetails
            {
                Causes = e.Conflicts.Select(c => new V1StatusCause
                {
                    Reason = "FieldManagerConflict",
                    Message = $"conflict with {c.Owner.Describe()}",
                    Field = c.Path,
                }).ToList(),
            });
        }
    }

    /// <summary>The applied configuration: a YAML (or JSON) object of this resource's kind, naming this object.</summary>
    private static JsonObject ReadApplyConfiguration(byte[] bytes, ResourceInfo r, string? ns, string name)
    {
        JsonNode node;
        try
        {
            node = RequestBody.ParseDocument(bytes, "application/yaml");
        }
        catch (ApiException e) when (e.Code == 400)
        {
            throw ApiException.BadRequest($"error decoding YAML: {e.Message}");
        }

        if (node is not JsonObject config)
        {
            throw ApiException.BadRequest("error decoding YAML: the applied configuration must be an object");
        }

        var apiVersion = StringAt(config, "apiVersion");
        if (apiVersion != r.ApiVersion)
        {
            throw ApiException.BadRequest($"Incorrect version specified in apply patch. Specified patch version: {apiVersion}, expected: {r.ApiVersion}");
        }

        CheckTypeMeta(r, config);
        if (StringAt(config, "kind").Length == 0)
        {
            throw ApiException.BadRequest("Object 'Kind' is missing in the applied configuration");
        }

        if (config["metadata"] is not JsonObject metadata)
        {
            metadata = [];
            config["metadata"] = metadata;
        }

        if (metadata["managedFields"] is not null)
        {
            throw ApiException.BadRequest("metadata.managedFields must be nil");
        }

        var given = StringAt(metadata, "name");
        if (given.Length > 0 && given != name)
        {
            throw ApiException.BadRequest($"the name of the object ({given}) does not match the name on the URL ({name})");
        }

        if (r.Namespaced && StringAt(metadata, "namespace") is { Length: > 0 } givenNs && givenNs != ns)
        {
            throw ApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }

        metadata["name"] = name;
        return config;
    }

    private static string StringAt(JsonObject obj, string property) =>
        obj[property] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
}
