using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Everynode.Api.OpenApi;
using Everynode.Api.Resources;
using Everynode.ApiServer.Endpoints;
using k8s.Models;

namespace Everynode.ApiServer.OpenApi;

/// <summary>
/// The OpenAPI v3 documents the server publishes: one per served group-version (<c>api/v1</c>, <c>apis/apps/v1</c>,
/// ...), one per named group (<c>apis/apps</c>), and <c>api</c>, <c>apis</c>, <c>version</c>; plus the index that
/// lists them with a content hash. Every document is generated once, on first use, and kept as bytes.
/// </summary>
internal sealed class OpenApiDocuments(ResourceRegistry resources)
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Lazy<(IReadOnlyDictionary<string, OpenApiDocument> Documents, OpenApiDocument Index)> _all =
        new(() => Generate(resources));

    /// <summary>The index (<c>/openapi/v3</c>).</summary>
    public OpenApiDocument Index => _all.Value.Index;

    /// <summary>A document by its index key ("api/v1", "apis/apps/v1", ...), or null.</summary>
    public OpenApiDocument? Find(string key) => _all.Value.Documents.GetValueOrDefault(key);

    public IReadOnlyCollection<string> Keys => _all.Value.Documents.Keys.ToList();

    private static (IReadOnlyDictionary<string, OpenApiDocument>, OpenApiDocument) Generate(ResourceRegistry resources)
    {
        var docs = new SortedDictionary<string, OpenApiDocument>(StringComparer.Ordinal);
        foreach (var (group, version) in resources.GroupVersions)
        {
            var schemas = new SchemaGenerator();
            var paths = new OpenApiPaths(schemas, group, version)
                .Build(resources.All.Where(r => r.Group == group && r.Version == version));
            docs[group.Length == 0 ? $"api/{version}" : $"apis/{group}/{version}"] = Seal(paths, schemas);
        }

        foreach (var group in resources.GroupVersions.Select(gv => gv.Group).Where(g => g.Length > 0).Distinct())
        {
            docs[$"apis/{group}"] = Single($"/apis/{group}/", $"get{Capitalize(group.Split('.')[0])}APIGroup", "get information of a group", typeof(V1APIGroup));
        }

        docs["api"] = Single("/api/", "getCoreAPIVersions", "get available API versions", typeof(V1APIVersions));
        docs["apis"] = Single("/apis/", "getAPIVersions", "get available API versions", typeof(V1APIGroupList));
        docs["version"] = Single("/version/", "getCodeVersion", "get the code version", typeof(VersionInfo));

        var index = new JsonObject();
        foreach (var (key, doc) in docs)
        {
            index[key] = new JsonObject { ["serverRelativeURL"] = doc.ServerRelativeUrl(key) };
        }

        return (docs, OpenApiDocument.From(JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["paths"] = index }, Json)));
    }

    /// <summary>A document with one GET operation (the discovery and version documents).</summary>
    private static OpenApiDocument Single(string path, string operationId, string description, Type response)
    {
        var schemas = new SchemaGenerator();
        var paths = new JsonObject
        {
            [path] = new JsonObject
            {
                ["get"] = new JsonObject
                {
                    ["description"] = description,
                    ["operationId"] = operationId,
                    ["responses"] = new JsonObject
                    {
                        ["200"] = new JsonObject
                        {
                            ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = schemas.Reference(response) } },
                            ["description"] = "OK",
                        },
                        ["401"] = new JsonObject { ["description"] = "Unauthorized" },
                    },
                },
            },
        };
        return Seal(paths, schemas);
    }

    private static OpenApiDocument Seal(JsonObject paths, SchemaGenerator schemas)
    {
        var components = new JsonObject();
        foreach (var (name, schema) in schemas.Complete())
        {
            components[name] = schema;
        }

        var doc = new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = SystemEndpoints.GitVersion },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = components },
        };
        return OpenApiDocument.From(JsonSerializer.SerializeToUtf8Bytes(doc, Json));
    }

    private static string Capitalize(string s) => char.ToUpperInvariant(s[0]) + s[1..];
}
