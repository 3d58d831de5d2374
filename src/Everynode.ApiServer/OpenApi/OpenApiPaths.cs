using System.Text.Json.Nodes;
using Everynode.Api.OpenApi;
using Everynode.Api.Resources;
using Everynode.ApiServer.Discovery;
using k8s.Models;

namespace Everynode.ApiServer.OpenApi;

/// <summary>
/// The <c>paths</c> of one group-version's OpenAPI document: one path item per collection, object and subresource
/// the server serves, each operation carrying upstream's operationId, <c>x-kubernetes-action</c> and
/// <c>x-kubernetes-group-version-kind</c>. kubectl looks for the PATCH operation with a <c>fieldValidation</c>
/// parameter to decide the server validates fields, and for <c>application/strategic-merge-patch+json</c> to compute
/// apply patches from the schemas.
/// </summary>
internal sealed class OpenApiPaths(SchemaGenerator schemas, string group, string version)
{
    private static readonly string[] PatchTypes =
        ["application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json"];

    private readonly JsonObject _paths = [];

    private string Prefix => group.Length == 0 ? $"/api/{version}" : $"/apis/{group}/{version}";

    /// <summary>"CoreV1", "AppsV1", "CoordinationV1": the group-version part of upstream's operation ids.</summary>
    private string OperationGroup => Capitalize(group.Length == 0 ? "core" : group.Split('.')[0]) + Capitalize(version);

    private string Tag => $"{(group.Length == 0 ? "core" : group.Split('.')[0])}_{version}";

    public JsonObject Build(IEnumerable<ResourceInfo> resources)
    {
        _paths[Prefix + "/"] = new JsonObject
        {
            ["get"] = Operation($"get{OperationGroup}APIResources", "get available resources", null, null,
                Ok(schemas.Reference(typeof(V1APIResourceList)))),
        };
        foreach (var r in resources)
        {
            AddResource(r);
        }

        return _paths;
    }

    private void AddResource(ResourceInfo r)
    {
        var gvk = Gvk(r.Group, r.Version, r.Kind);
        var scoped = r.Namespaced ? "Namespaced" + r.Kind : r.Kind;
        var collection = r.Namespaced ? $"{Prefix}/namespaces/{{namespace}}/{r.Plural}" : $"{Prefix}/{r.Plural}";
        var obj = schemas.Reference(r.ObjectType);
        var listType = r.ObjectType.Assembly.GetType(r.ObjectType.FullName + "List");

        var items = new JsonObject();
        if (r.Verbs.Contains("list") && listType is not null)
        {
            items["get"] = Operation($"list{OperationGroup}{scoped}", $"list or watch objects of kind {r.Kind}", "list", gvk,
                Ok(schemas.Reference(listType)), OpenApiParameters.List());
        }

        if (r.Verbs.Contains("create"))
        {
            items["post"] = Operation($"create{OperationGroup}{scoped}", $"create a {r.Kind}", "post", gvk,
                Ok(obj, "200", "201", "202"), OpenApiParameters.Write(), Body(obj, ["application/json", "application/yaml"]));
        }

        if (r.Verbs.Contains("deletecollection"))
        {
            items["delete"] = Operation($"delete{OperationGroup}Collection{scoped}", $"delete collection of {r.Kind}", "deletecollection", gvk,
                Ok(schemas.Reference(typeof(V1Status))), OpenApiParameters.Delete(), Body(schemas.Reference(typeof(V1DeleteOptions)), ["application/json"]));
        }

        AddPath(collection, items, r.Namespaced ? [OpenApiParameters.Namespace()] : []);

        var item = new JsonObject();
        if (r.Verbs.Contains("get"))
        {
            item["get"] = Operation($"read{OperationGroup}{scoped}", $"read the specified {r.Kind}", "get", gvk, Ok(obj));
        }

        AddWrites(item, r.Verbs, r.Kind, scoped, "", obj, gvk);
        if (r.Verbs.Contains("delete"))
        {
            item["delete"] = Operation($"delete{OperationGroup}{scoped}", $"delete a {r.Kind}", "delete", gvk,
                Ok(schemas.Reference(typeof(V1Status)), "200", "202"), OpenApiParameters.Delete(), Body(schemas.Reference(typeof(V1DeleteOptions)), ["application/json"]));
        }

        AddPath(collection + "/{name}", item, NameParameters(r));

        if (r.Namespaced && r.Verbs.Contains("list") && listType is not null)
        {
            AddPath($"{Prefix}/{r.Plural}", new JsonObject
            {
                ["get"] = Operation($"list{OperationGroup}{r.Kind}ForAllNamespaces", $"list or watch objects of kind {r.Kind}", "list", gvk,
                    Ok(schemas.Reference(listType)), OpenApiParameters.List()),
            }, []);
        }

        foreach (var sub in r.Subresources.Select(s => SubresourceDescriptor.For(r, s)))
        {
            AddSubresource(r, scoped, collection, sub);
        }
    }

    private void AddSubresource(ResourceInfo r, string scoped, string collection, SubresourceDescriptor sub)
    {
        var suffix = Capitalize(sub.Name);
        var subGvk = Gvk(sub.Group, sub.Version, sub.Kind);
        var subType = sub.Kind == r.Kind && !sub.CrossGroup(r) ? r.ObjectType : typeof(V1Pod).Assembly.GetType($"k8s.Models.{Capitalize(sub.Version)}{sub.Kind}");
        if (subType is null)
        {
            return;
        }

        var schema = schemas.Reference(subType);
        var item = new JsonObject();
        if (sub.Verbs.Contains("get"))
        {
            item["get"] = Operation($"read{OperationGroup}{scoped}{suffix}", $"read {sub.Name} of the specified {r.Kind}", "get", subGvk, Ok(schema));
        }

        if (sub.Verbs.Contains("create"))
        {
            item["post"] = Operation($"create{OperationGroup}{scoped}{suffix}", $"create {sub.Name} of a {r.Kind}", "post", subGvk,
                Ok(schema, "200", "201", "202"), OpenApiParameters.Write(), Body(schema, ["application/json", "application/yaml"]));
        }

        AddWrites(item, sub.Verbs, r.Kind, scoped, suffix, schema, subGvk);
        AddPath($"{collection}/{{name}}/{sub.Name}", item, NameParameters(r));
    }

    /// <summary>PUT and PATCH of an object or of its subresource, when the verbs say so.</summary>
    private void AddWrites(JsonObject item, IReadOnlyList<string> verbs, string kind, string scoped, string suffix, JsonObject schema, JsonObject gvk)
    {
        var what = suffix.Length == 0 ? $"the specified {kind}" : $"{suffix.ToLowerInvariant()} of the specified {kind}";
        if (verbs.Contains("update"))
        {
            item["put"] = Operation($"replace{OperationGroup}{scoped}{suffix}", $"replace {what}", "put", gvk,
                Ok(schema, "200", "201"), OpenApiParameters.Write(), Body(schema, ["application/json", "application/yaml"]));
        }

        if (verbs.Contains("patch"))
        {
            item["patch"] = Operation($"patch{OperationGroup}{scoped}{suffix}", $"partially update {what}", "patch", gvk,
                Ok(schema, "200", "201"), OpenApiParameters.Write(), Body(schemas.NamedReference(SchemaNames.Patch), PatchTypes));
        }
    }

    private void AddPath(string path, JsonObject item, JsonArray parameters)
    {
        if (item.Count == 0)
        {
            return;
        }

        parameters.Add(OpenApiParameters.Pretty());
        item["parameters"] = parameters;
        _paths[path] = item;
    }

    private static JsonArray NameParameters(ResourceInfo r) =>
        r.Namespaced ? [OpenApiParameters.Name(r.Kind), OpenApiParameters.Namespace()] : [OpenApiParameters.Name(r.Kind)];

    private JsonObject Operation(string id, string description, string? action, JsonObject? gvk, JsonObject responses,
        JsonArray? parameters = null, JsonObject? requestBody = null)
    {
        var op = new JsonObject { ["description"] = description, ["operationId"] = id };
        if (parameters is not null)
        {
            op["parameters"] = parameters;
        }

        if (requestBody is not null)
        {
            op["requestBody"] = requestBody;
        }

        responses["401"] = new JsonObject { ["description"] = "Unauthorized" };
        op["responses"] = responses;
        op["tags"] = new JsonArray(Tag);
        if (action is not null)
        {
            op["x-kubernetes-action"] = action;
        }

        if (gvk is not null)
        {
            op["x-kubernetes-group-version-kind"] = gvk.DeepClone();
        }

        return op;
    }

    private static JsonObject Ok(JsonObject schema, params string[] codes)
    {
        var responses = new JsonObject();
        foreach (var code in codes.Length == 0 ? ["200"] : codes)
        {
            responses[code] = new JsonObject
            {
                ["content"] = Content(schema, ["application/json", "application/yaml"]),
                ["description"] = code switch { "201" => "Created", "202" => "Accepted", _ => "OK" },
            };
        }

        return responses;
    }

    private static JsonObject Body(JsonObject schema, IReadOnlyList<string> mediaTypes) =>
        new() { ["content"] = Content(schema, mediaTypes), ["required"] = true };

    private static JsonObject Content(JsonObject schema, IReadOnlyList<string> mediaTypes)
    {
        var content = new JsonObject();
        foreach (var mediaType in mediaTypes)
        {
            content[mediaType] = new JsonObject { ["schema"] = schema.DeepClone() };
        }

        return content;
    }

    private static JsonObject Gvk(string group, string version, string kind) =>
        new() { ["group"] = group, ["kind"] = kind, ["version"] = version };

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
