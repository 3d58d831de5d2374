namespace Everynode.Api.Selectors;

/// <summary>A label or field selector that does not parse; the message is upstream's.</summary>
public sealed class SelectorParseException(string message) : Exception(message);
