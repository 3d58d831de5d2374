namespace Everynode.Api.Selectors;

/// <summary>One term of a field selector: <c>field=value</c> (or <c>==</c>) or <c>field!=value</c>.</summary>
public sealed record FieldRequirement(string Field, bool NotEquals, string Value)
{
    /// <summary>A missing field reads as the empty string, as upstream's fields.Set does.</summary>
    public bool Matches(IReadOnlyDictionary<string, string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var actual = fields.TryGetValue(Field, out var value) ? value : string.Empty;
        return (actual == Value) != NotEquals;
    }

    public override string ToString() => $"{Field}{(NotEquals ? "!=" : "=")}{FieldSelector.EscapeValue(Value)}";
}
