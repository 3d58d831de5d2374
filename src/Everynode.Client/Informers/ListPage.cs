namespace Everynode.Client.Informers;

/// <summary>One page of a list response: its items, the list's resourceVersion and the continue token (null on the last page).</summary>
public sealed record ListPage<T>(IReadOnlyList<T> Items, string ResourceVersion, string? Continue);
