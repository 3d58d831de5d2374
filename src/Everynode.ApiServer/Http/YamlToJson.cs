using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Everynode.ApiServer.Http;

/// <summary>Turns a YAML request body into JSON with the YAML 1.2 core schema (plain true/false/null/numbers typed).</summary>
internal static class YamlToJson
{
    public static JsonNode? Convert(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw ApiException.BadRequest($"error converting YAML to JSON: yaml: line {e.Start.Line}: {e.Message}");
        }

        if (stream.Documents.Count == 0)
        {
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            throw ApiException.BadRequest("error converting YAML to JSON: the request body holds more than one YAML document");
        }

        // Aliases are shared nodes: a few hundred bytes of anchors and aliases can stand for millions of values.
        // Without aliases every value takes at least one byte of the body, so more values than bytes means
        // expansion (upstream's YAML decoder refuses such documents with the same words).
        var budget = yaml.Length + 1000;
        return ToNode(stream.Documents[0].RootNode, 0, ref budget);
    }

    private static JsonNode? ToNode(YamlNode node, int depth, ref int budget)
    {
        if (depth > 100)
        {
            throw ApiException.BadRequest("error converting YAML to JSON: nesting too deep");
        }

        if (--budget < 0)
        {
            throw ApiException.BadRequest("error converting YAML to JSON: yaml: document contains excessive aliasing");
        }

        switch (node)
        {
            case YamlMappingNode map:
                var obj = new JsonObject();
                foreach (var (k, v) in map.Children)
                {
                    var key = k is YamlScalarNode s ? s.Value ?? "" : throw ApiException.BadRequest("error converting YAML to JSON: map keys must be strings");
                    obj[key] = ToNode(v, depth + 1, ref budget);
                }

                return obj;
            case YamlSequenceNode seq:
                var arr = new JsonArray();
                foreach (var item in seq.Children)
                {
                    arr.Add(ToNode(item, depth + 1, ref budget));
                }

                return arr;
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                throw ApiException.BadRequest("error converting YAML to JSON: unsupported YAML node");
        }
    }

    private static JsonValue? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
        {
            return JsonValue.Create(value);
        }

        switch (value)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }

        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return JsonValue.Create(l);
        }

        if (value.StartsWith("0x", StringComparison.Ordinal)
            && long.TryParse(value.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
        {
            return JsonValue.Create(hex);
        }

        if (LooksLikeFloat(value) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            return JsonValue.Create(d);
        }

        return JsonValue.Create(value);
    }

    private static bool LooksLikeFloat(string value) =>
        value.Length > 0 && (char.IsDigit(value[0]) || value[0] is '-' or '+' or '.') && value.All(c => char.IsDigit(c) || c is '.' or 'e' or 'E' or '-' or '+');
}
