namespace Everynode.Api.Selectors;

/// <summary>A parsed field selector (upstream's fields.Selector): <c>=</c>, <c>==</c>, <c>!=</c> joined by commas.</summary>
public sealed class FieldSelector
{
    private readonly bool _stub = true;

    public static FieldSelector Everything { get; } = new();

    public bool IsEverything => _stub;

    /// <summary>The field names the selector mentions (to check them against what the resource supports).</summary>
    public IEnumerable<string> Fields => _stub ? [] : [];

    public static FieldSelector Parse(string? text) =>
        string.IsNullOrEmpty(text) ? Everything : throw new NotImplementedException();

    public bool Matches(IReadOnlyDictionary<string, string> fields) => _stub;
}
