using Everynode.Api.Validation;
using k8s;
using k8s.Models;

namespace Everynode.Api.Resources;

/// <summary>Typed base for strategies: every hook defaults to "nothing to do".</summary>
public abstract class ResourceStrategy<T> : IResourceStrategy
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private static readonly IReadOnlyList<FieldError> None = [];

    public Type ObjectType => typeof(T);

    public virtual void PrepareForCreate(T obj)
    {
    }

    public virtual void PrepareForUpdate(T obj, T old)
    {
    }

    public virtual void PrepareForStatusUpdate(T obj, T old)
    {
    }

    public virtual void ApplyDefaults(T obj)
    {
    }

    public virtual IReadOnlyList<FieldError> ValidateCreate(T obj) => None;

    public virtual IReadOnlyList<FieldError> ValidateUpdate(T obj, T old) => None;

    public virtual IReadOnlyList<FieldError> ValidateStatusUpdate(T obj, T old) => None;

    /// <summary>metadata.name and metadata.namespace; types add their own.</summary>
    public virtual IReadOnlyDictionary<string, string> GetSelectableFields(T obj) => MetadataFields(obj);

    protected static Dictionary<string, string> MetadataFields(T obj) => new(StringComparer.Ordinal)
    {
        ["metadata.name"] = obj.Metadata?.Name ?? "",
        ["metadata.namespace"] = obj.Metadata?.NamespaceProperty ?? "",
    };

    void IResourceStrategy.PrepareForCreate(IKubernetesObject<V1ObjectMeta> obj) => PrepareForCreate((T)obj);

    void IResourceStrategy.PrepareForUpdate(IKubernetesObject<V1ObjectMeta> obj, IKubernetesObject<V1ObjectMeta> old) =>
        PrepareForUpdate((T)obj, (T)old);

    void IResourceStrategy.PrepareForStatusUpdate(IKubernetesObject<V1ObjectMeta> obj, IKubernetesObject<V1ObjectMeta> old) =>
        PrepareForStatusUpdate((T)obj, (T)old);

    void IResourceStrategy.ApplyDefaults(IKubernetesObject<V1ObjectMeta> obj) => ApplyDefaults((T)obj);

    IReadOnlyList<FieldError> IResourceStrategy.ValidateCreate(IKubernetesObject<V1ObjectMeta> obj) => ValidateCreate((T)obj);

    IReadOnlyList<FieldError> IResourceStrategy.ValidateUpdate(IKubernetesObject<V1ObjectMeta> obj, IKubernetesObject<V1ObjectMeta> old) =>
        ValidateUpdate((T)obj, (T)old);

    IReadOnlyList<FieldError> IResourceStrategy.ValidateStatusUpdate(IKubernetesObject<V1ObjectMeta> obj, IKubernetesObject<V1ObjectMeta> old) =>
        ValidateStatusUpdate((T)obj, (T)old);

    IReadOnlyDictionary<string, string> IResourceStrategy.GetSelectableFields(IKubernetesObject<V1ObjectMeta> obj) =>
        GetSelectableFields((T)obj);
}
