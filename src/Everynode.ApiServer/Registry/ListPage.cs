using Everynode.Storage;

namespace Everynode.ApiServer.Registry;

/// <summary>One page of a list: the items (stored form), the revision it was read at, and how to go on.</summary>
internal sealed record ListPage(IReadOnlyList<KeyValue> Items, long Revision, string? Continue, long? RemainingItemCount);
