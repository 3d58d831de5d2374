using Everynode.Api.Validation;
using k8s;
using k8s.Models;

namespace Everynode.Api.Resources;

/// <summary>
/// What one resource type adds to the generic object life cycle the API server runs (upstream's registry strategy).
/// The server handles the metadata every object shares (uid, creationTimestamp, resourceVersion, generateName,
/// finalizers, deletionTimestamp); a strategy handles what is specific to its type. The server calls, in order:
/// create: <see cref="ApplyDefaults"/>, <see cref="PrepareForCreate"/>, <see cref="ValidateCreate"/>;
/// update: <see cref="ApplyDefaults"/>, <see cref="PrepareForUpdate"/>, <see cref="ValidateUpdate"/>;
/// status update: <see cref="PrepareForStatusUpdate"/>, <see cref="ValidateStatusUpdate"/>.
/// Objects passed in are private copies; strategies change them in place.
/// </summary>
public interface IResourceStrategy
{
    Type ObjectType { get; }

    /// <summary>Clears what a client may not set on create (status, ...), sets generation.</summary>
    void PrepareForCreate(IKubernetesObject<V1ObjectMeta> obj);

    /// <summary>Main-resource update: keeps the old status, bumps generation on spec changes.</summary>
    void PrepareForUpdate(IKubernetesObject<V1ObjectMeta> obj, IKubernetesObject<V1ObjectMeta> old);

    /// <summary>Status update: keeps the old spec (and whatever else the status endpoint may not change).</summary>
    void PrepareForStatusUpdate(IKubernetesObject<V1ObjectMeta> obj, IKubernetesObject<V1ObjectMeta> old);

    /// <summary>Fills in upstream's defaults.</summary>
    void ApplyDefaults(IKubernetesObject<V1ObjectMeta> obj);

    IReadOnlyList<FieldError> ValidateCreate(IKubernetesObject<V1ObjectMeta> obj);

    IReadOnlyList<FieldError> ValidateUpdate(IKubernetesObject<V1ObjectMeta> obj, IKubernetesObject<V1ObjectMeta> old);

    IReadOnlyList<FieldError> ValidateStatusUpdate(IKubernetesObject<V1ObjectMeta> obj, IKubernetesObject<V1ObjectMeta> old);

    /// <summary>The fields a field selector may use, with their values for this object.</summary>
    IReadOnlyDictionary<string, string> GetSelectableFields(IKubernetesObject<V1ObjectMeta> obj);
}
