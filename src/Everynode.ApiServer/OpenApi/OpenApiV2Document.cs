using System.Text.Json.Nodes;
using Everynode.ApiServer.Endpoints;
using Everynode.ApiServer.Protobuf;

namespace Everynode.ApiServer.OpenApi;

/// <summary>
/// <c>/openapi/v2</c> as kubectl 1.27 and 1.28 read it: a protobuf <c>openapi.v2.Document</c> (gnostic) that they
/// fetch before validating <c>apply</c>, <c>create -f</c>, <c>replace -f</c> and <c>edit</c>, failing on a 404.
/// It holds what their field-validation check looks for: every PATCH operation with its
/// <c>x-kubernetes-group-version-kind</c> and the <c>fieldValidation</c> query parameter, taken from the v3
/// documents. It has no definitions: clients that find the parameter leave validation to the server, and clients
/// reading schemas use v3.
/// </summary>
internal static class OpenApiV2Document
{
    /// <summary>Upstream's reply type: what clients ask for (<c>…spec.v2@v1.0+protobuf</c>) is no valid media type.</summary>
    public const string ContentType = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

    // Field numbers of openapi.v2 (gnostic OpenAPIv2.proto).
    private const int DocumentSwagger = 1, DocumentInfo = 2, DocumentPaths = 8;
    private const int InfoTitle = 1, InfoVersion = 2;
    private const int PathsPath = 2, NamedName = 1, NamedValue = 2;
    private const int PathItemPatch = 8;
    private const int OperationParameters = 8, OperationVendorExtension = 13;
    private const int AnyYaml = 2;
    private const int ParametersItemParameter = 1, ParameterNonBody = 2, NonBodyQuery = 3;
    private const int QueryIn = 2, QueryDescription = 3, QueryName = 4, QueryType = 6;

    public static byte[] Build(OpenApiDocuments documents)
    {
        using var writer = new ProtobufMessageWriter();
        writer.String(DocumentSwagger, "2.0")
            .Message(DocumentInfo, info => info.String(InfoTitle, "Kubernetes").String(InfoVersion, SystemEndpoints.GitVersion));
        writer.Message(DocumentPaths, paths =>
        {
            foreach (var key in documents.Keys.Order(StringComparer.Ordinal))
            {
                var doc = JsonNode.Parse(documents.Find(key)!.Bytes)!;
                foreach (var (path, item) in doc["paths"]!.AsObject())
                {
                    if (item?["patch"] is JsonObject patch && patch["x-kubernetes-group-version-kind"] is JsonObject gvk)
                    {
                        paths.Message(PathsPath, named => named.String(NamedName, path).Message(NamedValue, pathItem =>
                            pathItem.Message(PathItemPatch, op => WriteOperation(op, patch, gvk))));
                    }
                }
            }
        });
        return writer.ToArray();
    }

    private static void WriteOperation(ProtobufMessageWriter op, JsonObject patch, JsonObject gvk)
    {
        foreach (var parameter in (patch["parameters"] as JsonArray ?? []).OfType<JsonObject>().Where(p => (string?)p["in"] == "query"))
        {
            op.Message(OperationParameters, item => item.Message(ParametersItemParameter, p => p.Message(ParameterNonBody, nb => nb.Message(NonBodyQuery, q => q
                .String(QueryIn, "query")
                .String(QueryDescription, (string?)parameter["description"] ?? "")
                .String(QueryName, (string?)parameter["name"] ?? "")
                .String(QueryType, (string?)parameter["schema"]?["type"] ?? "string")))));
        }

        var yaml = $"group: \"{gvk["group"]}\"\nkind: {gvk["kind"]}\nversion: {gvk["version"]}\n";
        op.Message(OperationVendorExtension, ext => ext
            .String(NamedName, "x-kubernetes-group-version-kind")
            .Message(NamedValue, any => any.String(AnyYaml, yaml)));
    }
}
