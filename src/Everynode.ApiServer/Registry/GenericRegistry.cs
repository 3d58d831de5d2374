using System.Globalization;
using Everynode.Api.Resources;
using Everynode.ApiServer.Admission;
using Everynode.ApiServer.Http;
using Everynode.ApiServer.Serialization;
using Everynode.ApiServer.WatchCache;
using Everynode.Storage;
using k8s;
using k8s.Models;

namespace Everynode.ApiServer.Registry;

/// <summary>
/// The object life cycle every resource shares (upstream's generic registry store): create, read, update with
/// optimistic concurrency, delete with finalizers and grace periods, list and watch. It is the only code that
/// touches the datastore; type-specific rules come from each resource's <see cref="IResourceStrategy"/>.
/// </summary>
/// <remarks>
/// Invariants:
/// <list type="bullet">
/// <item>Stored bytes never carry <c>metadata.resourceVersion</c>; an object's resourceVersion is its key's mod revision.</item>
/// <item>Every write is guarded by the mod revision that was read, so concurrent writers never lose an update;
/// writes without a client-given resourceVersion retry on conflict, writes with one fail with 409.</item>
/// <item>An update that changes no byte does not write (no new resourceVersion, no watch event).</item>
/// </list>
/// </remarks>
/// <param name="watchCache">Serves lists and watches from memory when given (see <c>GenericRegistry.Cache.cs</c>); without
/// it, every read goes to the store.</param>
internal sealed partial class GenericRegistry(
    IStore store, ResourceRegistry resources, NamespaceLifecycle namespaces, TimeProvider time, WatchCacheSet? watchCache = null)
{
    private const int MaxConflictRetries = 64;

    public IStore Store => store;

    public ResourceRegistry Resources => resources;

    /// <summary>The server's clock, for subresources that stamp times (pods/eviction).</summary>
    public TimeProvider Time => time;

    /// <summary>Reads one object, decoded, with its resourceVersion set.</summary>
    public async Task<IKubernetesObject<V1ObjectMeta>> GetAsync(ResourceInfo r, string? ns, string name, CancellationToken ct)
    {
        var kv = await GetRawAsync(r, ns, name, ct);
        return Decode(r, kv);
    }

    /// <summary>Reads one object's stored bytes; throws NotFound.</summary>
    public async Task<KeyValue> GetRawAsync(ResourceInfo r, string? ns, string name, CancellationToken ct) =>
        await store.GetAsync(r.StorageKey(ns, name), 0, ct) ?? throw ApiException.NotFound(r, name);

    public static IKubernetesObject<V1ObjectMeta> Decode(ResourceInfo r, KeyValue kv) =>
        ObjectCodec.DeserializeStored(kv.Value.Span, r.ObjectType, kv.ModRevision);

    /// <summary>The bytes a client sees for a stored value: the stored JSON with its resourceVersion.</summary>
    public static byte[] Render(KeyValue kv) => ObjectCodec.InjectResourceVersion(kv.Value.Span, kv.ModRevision);

    /// <summary>Serializes an object for storage (without resourceVersion).</summary>
    private static byte[] ToStoredBytes(IKubernetesObject<V1ObjectMeta> obj)
    {
        var rv = obj.Metadata.ResourceVersion;
        obj.Metadata.ResourceVersion = null;
        try
        {
            return ObjectCodec.Serialize(obj);
        }
        finally
        {
            obj.Metadata.ResourceVersion = rv;
        }
    }

    private static void SetResourceVersion(IKubernetesObject<V1ObjectMeta> obj, long revision) =>
        obj.Metadata.ResourceVersion = revision.ToString(CultureInfo.InvariantCulture);

    /// <summary>The current time at the second precision metadata timestamps carry.</summary>
    public DateTime Now() => MetaTime.From(time.GetUtcNow());

    /// <summary>Namespaced objects may only be created in a namespace that exists and is not terminating.</summary>
    private async Task EnsureNamespaceAcceptsCreatesAsync(string ns, CancellationToken ct)
    {
        switch (await namespaces.GetStateAsync(ns, ct))
        {
            case NamespaceLifecycle.State.Missing:
                throw ApiException.NotFound(resources.Find("", "v1", "namespaces")!, ns);
            case NamespaceLifecycle.State.Terminating:
                throw new ApiException(403, "Forbidden",
                    $"unable to create new content in namespace {ns} because it is being terminated",
                    new V1StatusDetails { Name = ns, Kind = "namespaces" });
        }
    }
}
