using Everynode.Api.Selectors;

namespace Everynode.ApiServer.Registry;

/// <summary>The query of a list or watch: selectors, paging and resourceVersion semantics.</summary>
internal sealed record ListRequest
{
    public LabelSelector LabelSelector { get; init; } = LabelSelector.Everything;

    public FieldSelector FieldSelector { get; init; } = FieldSelector.Everything;

    public int Limit { get; init; }

    public string? Continue { get; init; }

    public string? ResourceVersion { get; init; }

    /// <summary>"", "Exact" or "NotOlderThan".</summary>
    public string? ResourceVersionMatch { get; init; }

    public bool AllowWatchBookmarks { get; init; }

    public bool SendInitialEvents { get; init; }

    public bool HasFilter => !LabelSelector.IsEverything || !FieldSelector.IsEverything;
}
