using System.Globalization;
using System.Text.Json.Nodes;

namespace Everynode.Api.Patching;

/// <summary>An RFC 6901 JSON pointer: <c>/a/b~1c/0</c>, with <c>~1</c> for '/' and <c>~0</c> for '~'.</summary>
internal sealed class JsonPointer
{
    private JsonPointer(string text, IReadOnlyList<string> tokens)
    {
        Text = text;
        Tokens = tokens;
    }

    public string Text { get; }

    /// <summary>The unescaped reference tokens; empty for the whole document.</summary>
    public IReadOnlyList<string> Tokens { get; }

    public bool IsRoot => Tokens.Count == 0;

    public string Last => Tokens[^1];

    public static JsonPointer Parse(string text)
    {
        if (text.Length == 0)
        {
            return new JsonPointer(text, []);
        }

        if (text[0] != '/')
        {
            throw new PatchException($"JSON pointer must be empty or start with a \"/\": {text}", 400);
        }

        var tokens = text[1..].Split('/').Select(Unescape).ToList();
        return new JsonPointer(text, tokens);
    }

    /// <summary>True if this pointer is a proper prefix of <paramref name="other"/> (a move into its own child).</summary>
    public bool IsProperPrefixOf(JsonPointer other) =>
        Tokens.Count < other.Tokens.Count && Tokens.SequenceEqual(other.Tokens.Take(Tokens.Count));

    /// <summary>Finds the value at this pointer; false if some token does not resolve.</summary>
    public bool TryResolve(JsonNode? document, out JsonNode? value) => TryResolve(document, Tokens.Count, out value);

    /// <summary>Finds the container that holds the last token.</summary>
    public bool TryResolveParent(JsonNode? document, out JsonNode? parent) => TryResolve(document, Tokens.Count - 1, out parent);

    /// <summary>Parses an array index token: digits without leading zeros.</summary>
    public static bool TryParseIndex(string token, out int index)
    {
        index = -1;
        var valid = token.Length > 0 && token.All(char.IsAsciiDigit) && (token.Length == 1 || token[0] != '0');
        return valid && int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out index);
    }

    public override string ToString() => Text;

    private bool TryResolve(JsonNode? document, int depth, out JsonNode? value)
    {
        value = document;
        for (var i = 0; i < depth; i++)
        {
            switch (value)
            {
                case JsonObject map when map.TryGetPropertyValue(Tokens[i], out var child):
                    value = child;
                    break;
                case JsonArray list when TryParseIndex(Tokens[i], out var index) && index < list.Count:
                    value = list[index];
                    break;
                default:
                    value = null;
                    return false;
            }
        }

        return true;
    }

    private static string Unescape(string token)
    {
        for (var i = token.IndexOf('~', StringComparison.Ordinal); i >= 0; i = token.IndexOf('~', i + 1))
        {
            if (i + 1 >= token.Length || (token[i + 1] != '0' && token[i + 1] != '1'))
            {
                throw new PatchException($"invalid JSON pointer escape in token: {token}", 400);
            }
        }

        return token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
    }
}
