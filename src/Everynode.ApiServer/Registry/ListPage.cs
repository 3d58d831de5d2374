using Everynode.Storage;

namespace Everynode.ApiServer.Registry;

/// <summary>
/// One page of a list: the items (stored form), the revision it was read at, and how to go on. A page from the watch
/// cache also carries each item's client bytes (<see cref="Rendered"/>), made once per object version and shared.
/// </summary>
internal sealed record ListPage(IReadOnlyList<KeyValue> Items, long Revision, string? Continue, long? RemainingItemCount)
{
    public IReadOnlyList<byte[]>? Rendered { get; init; }

    /// <summary>The bytes a client sees for item <paramref name="i"/> (resourceVersion included).</summary>
    public byte[] Json(int i) => Rendered is { } rendered ? rendered[i] : GenericRegistry.Render(Items[i]);
}
