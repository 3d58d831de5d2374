using Everynode.Api.Resources;
using Everynode.ApiServer.Registry;
using Everynode.Storage;

namespace Everynode.ApiServer.WatchCache;

/// <summary>
/// One object version in the watch cache: its bytes as clients see them (resourceVersion already in), made once when
/// the event arrived and shared by every list and watcher; and, decoded at most once, what selectors look at.
/// </summary>
internal sealed class CachedObject
{
    private SelectorAttributes? _attributes;

    public CachedObject(string key, byte[] json, long createRevision, long modRevision)
    {
        Key = key;
        Json = json;
        CreateRevision = createRevision;
        ModRevision = modRevision;
    }

    public string Key { get; }

    /// <summary>The object's JSON with <c>metadata.resourceVersion</c> = <see cref="ModRevision"/>.</summary>
    public byte[] Json { get; }

    public long CreateRevision { get; }

    public long ModRevision { get; }

    public static CachedObject From(KeyValue kv) =>
        new(kv.Key, GenericRegistry.Render(kv), kv.CreateRevision, kv.ModRevision);

    /// <summary>The object as a store value whose bytes already carry the resourceVersion (decodes as stored bytes do).</summary>
    public KeyValue ToKeyValue() => new(Key, Json, CreateRevision, ModRevision);

    /// <summary>Whether the object passes the request's label and field selectors; decodes the object once, on first need.</summary>
    public bool Matches(ResourceInfo r, ListRequest q)
    {
        if (!q.HasFilter)
        {
            return true;
        }

        // Two threads may both decode the first time; either result is the same, so the race is harmless.
        var attributes = _attributes ??= SelectorAttributes.Of(r, ToKeyValue());
        return q.LabelSelector.Matches(attributes.Labels) && q.FieldSelector.Matches(attributes.Fields);
    }

    private sealed record SelectorAttributes(IDictionary<string, string>? Labels, IReadOnlyDictionary<string, string> Fields)
    {
        public static SelectorAttributes Of(ResourceInfo r, KeyValue kv)
        {
            var obj = GenericRegistry.Decode(r, kv);
            return new SelectorAttributes(obj.Metadata.Labels, r.Strategy.GetSelectableFields(obj));
        }
    }
}
