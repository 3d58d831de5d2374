using System.Text.Json;
using Everynode.Api.Apply;
using Everynode.Api.Resources;
using Everynode.ApiServer.Serialization;
using k8s;
using k8s.Models;

namespace Everynode.ApiServer.Registry;

internal sealed partial class GenericRegistry
{
    /// <summary>
    /// Sets <c>metadata.managedFields</c> of an object about to be stored (upstream's field manager on every write):
    /// an apply stores the ownership it computed; any other write is recorded as an Update by its manager, starting
    /// from the ownership the request carried when it is valid (so clients can edit managedFields), else the stored
    /// one. An empty list in the request clears it; <c>/status</c> writes cannot change it. Internal writes (no owner)
    /// keep the stored ownership.
    /// </summary>
    /// <param name="before">The stored bytes before the write; null for a create.</param>
    private void TrackManagedFields(
        ResourceInfo r, ReadOnlyMemory<byte>? before, V1ObjectMeta? oldMeta, IKubernetesObject<V1ObjectMeta> obj,
        IList<V1ManagedFieldsEntry>? requested, FieldOwner? owner, UpdateKind kind)
    {
        var meta = obj.Metadata;
        if (owner is null)
        {
            meta.ManagedFields = oldMeta?.ManagedFields;
            return;
        }

        if (owner.Applied is { } applied)
        {
            meta.ManagedFields = ManagedFieldsCodec.Encode(applied);
            return;
        }

        var status = kind == UpdateKind.Status;
        IReadOnlyList<ManagerEntry>? replacement = status ? null
            : ManagedFieldsCodec.IsReset(requested) ? []
            : requested is { Count: > 0 } && ManagedFieldsCodec.Decode(requested, out _) is { Count: > 0 } given ? given
            : null;

        meta.ManagedFields = null;
        using var afterDoc = JsonDocument.Parse(ObjectCodec.Serialize(obj));
        using var beforeDoc = before is { } b ? JsonDocument.Parse(b) : null;
        var writer = new ManagerEntry(owner.Manager, ManagerEntry.Update, r.ApiVersion, Now(), status ? "status" : null, FieldSet.Empty);
        meta.ManagedFields = replacement is null
            ? FieldManager.UpdateStored(beforeDoc?.RootElement, afterDoc.RootElement, r.ObjectType, status, oldMeta?.ManagedFields, writer)
            : ManagedFieldsCodec.Encode(FieldManager.Update(beforeDoc?.RootElement, afterDoc.RootElement, r.ObjectType, status, replacement, writer));
    }
}
