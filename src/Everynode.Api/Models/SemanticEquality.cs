using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;

namespace Everynode.Api.Models;

/// <summary>
/// Upstream's apiequality.Semantic.DeepEqual approximated on the JSON form: object key order is ignored and an
/// empty list equals a missing one (as upstream treats nil and empty slices alike). Empty objects are kept because
/// they are meaningful for pointer-to-struct fields such as <c>emptyDir: {}</c>.
/// </summary>
public static class SemanticEquality
{
    /// <summary>
    /// Compares the JSON forms: identical bytes are equal at once (the common case, as both sides are the same model
    /// type and serialize in the same key order); otherwise the documents are walked with the semantic rules.
    /// </summary>
    public static bool AreEqual(object? a, object? b)
    {
        if (a is null || b is null)
        {
            return IsEmpty(a) && IsEmpty(b);
        }

        var left = JsonSerializer.SerializeToUtf8Bytes(a, ModelCopy.Options);
        var right = JsonSerializer.SerializeToUtf8Bytes(b, ModelCopy.Options);
        if (left.AsSpan().SequenceEqual(right))
        {
            return true;
        }

        using var l = JsonDocument.Parse(left);
        using var r = JsonDocument.Parse(right);
        return ElementsEqual(l.RootElement, r.RootElement);
    }

    private static bool IsEmpty(object? value) => value is null;

    private static bool ElementsEqual(JsonElement a, JsonElement b)
    {
        if (a.ValueKind != b.ValueKind)
        {
            return false;
        }

        switch (a.ValueKind)
        {
            case JsonValueKind.Object:
                var aProps = Meaningful(a);
                var bProps = Meaningful(b);
                if (aProps.Count != bProps.Count)
                {
                    return false;
                }

                foreach (var (name, value) in aProps)
                {
                    if (!bProps.TryGetValue(name, out var other) || !ElementsEqual(value, other))
                    {
                        return false;
                    }
                }

                return true;
            case JsonValueKind.Array:
                if (a.GetArrayLength() != b.GetArrayLength())
                {
                    return false;
                }

                using (var ea = a.EnumerateArray())
                using (var eb = b.EnumerateArray())
                {
                    while (ea.MoveNext() && eb.MoveNext())
                    {
                        if (!ElementsEqual(ea.Current, eb.Current))
                        {
                            return false;
                        }
                    }
                }

                return true;
            default:
                return a.GetRawText() == b.GetRawText();
        }
    }

    /// <summary>An object's properties without nulls and empty lists (which upstream treats as absent).</summary>
    private static Dictionary<string, JsonElement> Meaningful(JsonElement obj)
    {
        var result = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var p in obj.EnumerateObject())
        {
            if (p.Value.ValueKind == JsonValueKind.Null || (p.Value.ValueKind == JsonValueKind.Array && p.Value.GetArrayLength() == 0))
            {
                continue;
            }

            result[p.Name] = p.Value;
        }

        return result;
    }

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
