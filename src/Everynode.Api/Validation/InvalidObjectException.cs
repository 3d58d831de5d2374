namespace Everynode.Api.Validation;

/// <summary>
/// An object failed validation. The API server turns it into a 422 <c>Invalid</c> Status:
/// <c>Kind.group "name" is invalid: err</c> or <c>... is invalid: [err1, err2]</c>.
/// </summary>
public sealed class InvalidObjectException : Exception
{
    public InvalidObjectException(string kind, string group, string name, IReadOnlyList<FieldError> errors)
        : base(FormatMessage(kind, group, name, errors))
    {
        Kind = kind;
        Group = group;
        Name = name;
        Errors = errors;
    }

    public string Kind { get; }

    public string Group { get; }

    public string Name { get; }

    public IReadOnlyList<FieldError> Errors { get; }

    public static string FormatMessage(string kind, string group, string name, IReadOnlyList<FieldError> errors)
    {
        var qualified = group.Length == 0 ? kind : $"{kind}.{group}";
        // Upstream aggregates the errors, dropping repeated messages, and prints a single one without brackets.
        var messages = errors.Select(e => e.ToString()).Distinct(StringComparer.Ordinal).ToList();
        var list = messages.Count == 1 ? messages[0] : "[" + string.Join(", ", messages) + "]";
        return $"{qualified} {FieldError.Quote(name)} is invalid: {list}";
    }
}
