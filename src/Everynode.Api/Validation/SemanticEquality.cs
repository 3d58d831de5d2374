using System.Text.Json.Nodes;
using k8s;

namespace Everynode.Api.Validation;

/// <summary>
/// Upstream's apiequality.Semantic.DeepEqual approximated on the JSON form: object key order is ignored and an
/// empty list equals a missing one (as upstream treats nil and empty slices alike). Empty objects are kept because
/// they are meaningful for pointer-to-struct fields such as <c>emptyDir: {}</c>.
/// </summary>
public static class SemanticEquality
{
    public static bool AreEqual(object? a, object? b) =>
        string.Equals(Canonical(a), Canonical(b), StringComparison.Ordinal);

    /// <summary>A canonical JSON text of the value (sorted keys, empty lists and nulls dropped).</summary>
    public static string Canonical(object? value)
    {
        if (value is null)
        {
            return "null";
        }

        var node = JsonNode.Parse(KubernetesJson.Serialize(value));
        return Normalize(node)?.ToJsonString() ?? "null";
    }

    private static JsonNode? Normalize(JsonNode? node) => node switch
    {
        JsonObject obj => NormalizeObject(obj),
        JsonArray arr => new JsonArray(arr.Select(Normalize).ToArray()),
        null => null,
        _ => node.DeepClone(),
    };

    private static JsonObject NormalizeObject(JsonObject obj)
    {
        var result = new JsonObject();
        foreach (var (key, child) in obj.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (child is null || child is JsonArray { Count: 0 })
            {
                continue;
            }

            result[key] = Normalize(child);
        }

        return result;
    }
}
