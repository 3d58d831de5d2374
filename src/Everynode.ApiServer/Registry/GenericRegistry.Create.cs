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
    private const int MaxGenerateNameAttempts = 8;

    /// <summary>
    /// Creates an object: system metadata, the strategy's preparation, defaults and validation, then the store.
    /// Names from generateName are retried when they collide.
    /// </summary>
    public async Task<WriteResult> CreateAsync(
        ResourceInfo r, string? ns, IKubernetesObject<V1ObjectMeta> obj, bool dryRun, CancellationToken ct, FieldOwner? owner = null)
    {
        obj.Metadata ??= new V1ObjectMeta();
        var requestedManagedFields = obj.Metadata.ManagedFields;
        // Objects created in-process (the bootstrap namespaces) carry no type meta; stored objects always do.
        obj.ApiVersion = r.ApiVersion;
        obj.Kind = r.Kind;
        var meta = obj.Metadata;
        if (r.Namespaced)
        {
            if (string.IsNullOrEmpty(meta.NamespaceProperty))
            {
                meta.NamespaceProperty = ns;
            }
            else if (ns is not null && meta.NamespaceProperty != ns)
            {
                throw ApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            }

            if (string.IsNullOrEmpty(meta.NamespaceProperty))
            {
                throw ApiException.BadRequest("the namespace of the object is missing");
            }
        }
        else
        {
            meta.NamespaceProperty = null;
        }

        if (!string.IsNullOrEmpty(meta.ResourceVersion))
        {
            throw ApiException.BadRequest("resourceVersion should not be set on objects to be created");
        }

        if (r.Namespaced)
        {
            await EnsureNamespaceAcceptsCreatesAsync(meta.NamespaceProperty!, ct);
        }

        var generated = string.IsNullOrEmpty(meta.Name) && !string.IsNullOrEmpty(meta.GenerateName);
        for (var attempt = 0; ; attempt++)
        {
            if (generated)
            {
                meta.Name = NameGenerator.Generate(meta.GenerateName);
            }

            PrepareSystemMetadataForCreate(meta);
            r.Strategy.ApplyDefaults(obj);
            TrackManagedFields(r, null, null, obj, requestedManagedFields, owner, UpdateKind.Main);
            r.Strategy.PrepareForCreate(obj);
            var errors = ValidateNameGiven(meta).Concat(r.Strategy.ValidateCreate(obj)).ToList();
            if (errors.Count > 0)
            {
                throw ApiException.Invalid(r, meta.Name ?? "", errors);
            }

            if (dryRun)
            {
                return new WriteResult(obj, ObjectCodec.Serialize(obj));
            }

            try
            {
                var bytes = ToStoredBytes(obj);
                var rev = await store.CreateAsync(r.StorageKey(meta.NamespaceProperty, meta.Name!), bytes, ct);
                SetResourceVersion(obj, rev);
                return new WriteResult(obj, ObjectCodec.InjectResourceVersion(bytes, rev));
            }
            catch (KeyExistsException) when (generated && attempt < MaxGenerateNameAttempts)
            {
                // Collided with an existing name: draw another.
            }
            catch (KeyExistsException)
            {
                throw ApiException.AlreadyExists(r, meta.Name!);
            }
        }
    }

    private void PrepareSystemMetadataForCreate(V1ObjectMeta meta)
    {
        meta.Uid = Guid.NewGuid().ToString();
        meta.CreationTimestamp = Now();
        meta.DeletionTimestamp = null;
        meta.DeletionGracePeriodSeconds = null;
        meta.Generation = null;
        meta.ResourceVersion = null;
        meta.SelfLink = null;
        meta.ManagedFields = null;
    }

    private static IEnumerable<FieldError> ValidateNameGiven(V1ObjectMeta meta)
    {
        if (string.IsNullOrEmpty(meta.Name))
        {
            yield return FieldError.Required("metadata.name", "name or generateName is required");
        }
    }
}
