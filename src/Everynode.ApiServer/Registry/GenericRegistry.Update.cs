using System.Globalization;
using Everynode.Api.Resources;
using Everynode.Api.Validation;
using Everynode.ApiServer.Http;
using Everynode.ApiServer.Serialization;
using Everynode.Storage;
using k8s;
using k8s.Models;

namespace Everynode.ApiServer.Registry;

internal sealed partial class GenericRegistry
{
    /// <summary>
    /// Read-modify-write of one object. <paramref name="transform"/> receives a private copy of the current object
    /// (resourceVersion set) and returns the desired object. If the desired object names a resourceVersion other
    /// than the current one, the update fails with 409; when <paramref name="retryOnConflict"/> is set, a write
    /// that raced with another is re-run from a fresh read. A <paramref name="transform"/> that ignores its argument
    /// (a PUT: the body replaces the object) says so with <paramref name="transformIgnoresCurrent"/>, which saves a
    /// decode of the stored object; it then receives the object the update is checked against and must not change it.
    /// </summary>
    public async Task<WriteResult> UpdateAsync(
        ResourceInfo r,
        string? ns,
        string name,
        Func<IKubernetesObject<V1ObjectMeta>, IKubernetesObject<V1ObjectMeta>> transform,
        UpdateKind kind,
        bool retryOnConflict,
        bool dryRun,
        CancellationToken ct,
        FieldOwner? owner = null,
        bool transformIgnoresCurrent = false)
    {
        var key = r.StorageKey(ns, name);
        for (var attempt = 0; ; attempt++)
        {
            var kv = await store.GetAsync(key, 0, ct) ?? throw ApiException.NotFound(r, name);
            var old = Decode(r, kv);
            var updated = transform(transformIgnoresCurrent ? old : Decode(r, kv));
            updated.Metadata ??= new V1ObjectMeta();
            var givenRv = updated.Metadata.ResourceVersion;
            if (!string.IsNullOrEmpty(givenRv) && givenRv != old.Metadata.ResourceVersion)
            {
                throw ApiException.ConflictModified(r, name);
            }

            var requestedManagedFields = updated.Metadata.ManagedFields;
            PrepareForUpdate(r, updated, old, kind,
                () => TrackManagedFields(r, kv.Value, old.Metadata, updated, requestedManagedFields, owner, kind));
            if (dryRun)
            {
                return new WriteResult(updated, ObjectCodec.Serialize(updated));
            }

            try
            {
                if (updated.Metadata.DeletionTimestamp is not null && !HasPendingFinalizers(updated) && !IsGracefullyTerminating(old))
                {
                    // The last finalizer is gone from an object marked for deletion: it is deleted now.
                    var deleted = await store.DeleteAsync(key, kv.ModRevision, ct);
                    SetResourceVersion(updated, deleted.Revision);
                    return new WriteResult(updated, ObjectCodec.Serialize(updated));
                }

                var bytes = ToStoredBytes(updated);
                if (bytes.AsSpan().SequenceEqual(kv.Value.Span))
                {
                    return new WriteResult(old, Render(kv));
                }

                var rev = await store.UpdateAsync(key, bytes, kv.ModRevision, ct);
                SetResourceVersion(updated, rev);
                return new WriteResult(updated, ObjectCodec.InjectResourceVersion(bytes, rev));
            }
            catch (ConflictException) when (retryOnConflict && attempt < MaxConflictRetries)
            {
            }
            catch (ConflictException)
            {
                throw ApiException.ConflictModified(r, name);
            }
            catch (Storage.KeyNotFoundException)
            {
                throw ApiException.NotFound(r, name);
            }
        }
    }

    /// <summary>
    /// Keeps what clients may not change, runs the strategy, and validates. <paramref name="trackManagedFields"/> runs
    /// after defaulting and before the strategy's own changes, which (as upstream) no field manager owns.
    /// </summary>
    private static void PrepareForUpdate(
        ResourceInfo r, IKubernetesObject<V1ObjectMeta> updated, IKubernetesObject<V1ObjectMeta> old, UpdateKind kind, Action trackManagedFields)
    {
        var meta = updated.Metadata;
        var oldMeta = old.Metadata;
        if (!string.IsNullOrEmpty(meta.Uid) && meta.Uid != oldMeta.Uid)
        {
            throw ApiException.Conflict(r, oldMeta.Name, $"Precondition failed: UID in precondition: {meta.Uid}, UID in object meta: {oldMeta.Uid}");
        }

        meta.Uid = oldMeta.Uid;
        meta.Name = oldMeta.Name;
        meta.NamespaceProperty = oldMeta.NamespaceProperty;
        meta.CreationTimestamp = oldMeta.CreationTimestamp;
        meta.DeletionTimestamp = oldMeta.DeletionTimestamp;
        meta.DeletionGracePeriodSeconds = oldMeta.DeletionGracePeriodSeconds;
        meta.Generation = oldMeta.Generation;
        meta.SelfLink = null;
        if (string.IsNullOrEmpty(meta.GenerateName))
        {
            meta.GenerateName = oldMeta.GenerateName;
        }

        IReadOnlyList<FieldError> errors;
        if (kind is UpdateKind.Finalize or UpdateKind.Binding)
        {
            trackManagedFields();
            return;
        }

        if (kind == UpdateKind.Status)
        {
            trackManagedFields();
            r.Strategy.PrepareForStatusUpdate(updated, old);
            errors = r.Strategy.ValidateStatusUpdate(updated, old);
        }
        else
        {
            r.Strategy.ApplyDefaults(updated);
            trackManagedFields();
            r.Strategy.PrepareForUpdate(updated, old);
            errors = ValidateFinalizersOnDeletion(meta, oldMeta).Concat(r.Strategy.ValidateUpdate(updated, old)).ToList();
        }

        if (errors.Count > 0)
        {
            throw ApiException.Invalid(r, oldMeta.Name, errors);
        }
    }

    /// <summary>Once an object is being deleted, no new finalizer may be added (upstream's rule).</summary>
    private static IEnumerable<FieldError> ValidateFinalizersOnDeletion(V1ObjectMeta meta, V1ObjectMeta oldMeta)
    {
        if (oldMeta.DeletionTimestamp is null)
        {
            yield break;
        }

        var before = oldMeta.Finalizers ?? [];
        foreach (var f in meta.Finalizers ?? [])
        {
            if (!before.Contains(f))
            {
                yield return FieldError.Forbidden("metadata.finalizers",
                    string.Create(CultureInfo.InvariantCulture, $"no new finalizers can be added if the object is being deleted, found new finalizers []string{{{FieldError.Quote(f)}}}"));
            }
        }
    }

    /// <summary>Finalizers in metadata, or a namespace's spec.finalizers, keep an object marked for deletion alive.</summary>
    private static bool HasPendingFinalizers(IKubernetesObject<V1ObjectMeta> obj) =>
        (obj.Metadata.Finalizers?.Count ?? 0) > 0 || (obj is V1Namespace ns && (ns.Spec?.Finalizers?.Count ?? 0) > 0);

    /// <summary>A pod in its grace period stays until the node agent (or a zero-grace delete) removes it.</summary>
    private static bool IsGracefullyTerminating(IKubernetesObject<V1ObjectMeta> obj) =>
        obj.Metadata.DeletionGracePeriodSeconds is > 0;
}
