using k8s.Models;

namespace Everynode.Api.Validation;

/// <summary>
/// metadata validation shared by every type (upstream ValidateObjectMeta / ValidateObjectMetaUpdate, including the
/// core group's extra finalizer-name rule). Map-valued fields are checked in key order so errors are deterministic.
/// </summary>
public static partial class ObjectMetaValidation
{
    public const int TotalAnnotationSizeLimitBytes = 256 * 1024;

    private static readonly FieldPath Metadata = FieldPath.Root("metadata");

    private static readonly HashSet<string> StandardFinalizers = new(StringComparer.Ordinal)
    {
        "kubernetes", "orphan", "foregroundDeletion",
    };

    /// <summary>Create-time validation. The server has already turned generateName into a name.</summary>
    public static List<FieldError> ValidateCreate(
        V1ObjectMeta? meta, bool namespaced, Func<string, bool, IReadOnlyList<string>> nameFn)
    {
        meta ??= new V1ObjectMeta();
        var errs = new List<FieldError>();
        if (!string.IsNullOrEmpty(meta.GenerateName))
        {
            errs.AddRange(nameFn(meta.GenerateName, true)
                .Select(m => FieldError.Invalid(Metadata.Child("generateName").Value, meta.GenerateName, m)));
        }

        if (string.IsNullOrEmpty(meta.Name))
        {
            errs.Add(FieldError.Required(Metadata.Child("name").Value, "name or generateName is required"));
        }
        else
        {
            errs.AddRange(nameFn(meta.Name, false).Select(m => FieldError.Invalid(Metadata.Child("name").Value, meta.Name, m)));
        }

        if (namespaced)
        {
            if (string.IsNullOrEmpty(meta.NamespaceProperty))
            {
                errs.Add(FieldError.Required(Metadata.Child("namespace").Value));
            }
            else
            {
                errs.AddRange(NameValidators.DnsLabel(meta.NamespaceProperty, false)
                    .Select(m => FieldError.Invalid(Metadata.Child("namespace").Value, meta.NamespaceProperty, m)));
            }
        }
        else if (!string.IsNullOrEmpty(meta.NamespaceProperty))
        {
            errs.Add(FieldError.Forbidden(Metadata.Child("namespace").Value, "not allowed on this type"));
        }

        errs.AddRange(FieldErrors.NonNegative(meta.Generation, Metadata.Child("generation")));
        errs.AddRange(ValidateLabels(meta.Labels, Metadata.Child("labels")));
        errs.AddRange(ValidateAnnotations(meta.Annotations, Metadata.Child("annotations")));
        errs.AddRange(ValidateOwnerReferences(meta.OwnerReferences, Metadata.Child("ownerReferences")));
        errs.AddRange(ValidateFinalizers(meta.Finalizers, Metadata.Child("finalizers")));
        errs.AddRange(ValidateKubeFinalizerNames(meta.Finalizers));
        return errs;
    }

    /// <summary>
    /// Update-time validation. name/namespace/uid/creationTimestamp immutability is enforced by the server itself,
    /// so it is not repeated here; resourceVersion is not required because unconditional updates are allowed.
    /// </summary>
    public static List<FieldError> ValidateUpdate(V1ObjectMeta? meta, V1ObjectMeta? old)
    {
        meta ??= new V1ObjectMeta();
        old ??= new V1ObjectMeta();
        var errs = new List<FieldError>();
        if (old.DeletionTimestamp is not null)
        {
            var added = (meta.Finalizers ?? []).Except(old.Finalizers ?? [], StringComparer.Ordinal)
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (added.Count > 0)
            {
                errs.Add(FieldError.Forbidden(Metadata.Child("finalizers").Value,
                    "no new finalizers can be added if the object is being deleted, found new finalizers " + GoValue.StringSlice(added).Text));
            }
        }

        if ((meta.Generation ?? 0) < (old.Generation ?? 0))
        {
            errs.Add(FieldError.Invalid(Metadata.Child("generation").Value, meta.Generation ?? 0, "must not be decremented"));
        }

        errs.AddRange(FieldErrors.Immutable(meta.DeletionTimestamp != old.DeletionTimestamp,
            Metadata.Child("deletionTimestamp"), GoValue.Time(meta.DeletionTimestamp)));
        errs.AddRange(FieldErrors.Immutable(meta.DeletionGracePeriodSeconds != old.DeletionGracePeriodSeconds,
            Metadata.Child("deletionGracePeriodSeconds"), meta.DeletionGracePeriodSeconds));
        errs.AddRange(ValidateLabels(meta.Labels, Metadata.Child("labels")));
        errs.AddRange(ValidateAnnotations(meta.Annotations, Metadata.Child("annotations")));
        errs.AddRange(ValidateOwnerReferences(meta.OwnerReferences, Metadata.Child("ownerReferences")));
        errs.AddRange(ValidateKubeFinalizerNames(meta.Finalizers));
        return errs;
    }

    /// <summary>Label keys must be qualified names and values valid label values; errors are on the map path.</summary>
    public static IEnumerable<FieldError> ValidateLabels(IDictionary<string, string>? labels, FieldPath path)
    {
        foreach (var (key, value) in (labels ?? new Dictionary<string, string>()).OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            foreach (var m in FormatChecks.IsQualifiedName(key))
            {
                yield return FieldError.Invalid(path.Value, key, m);
            }

            foreach (var m in FormatChecks.IsLabelValue(value ?? ""))
            {
                yield return FieldError.Invalid(path.Value, value, m);
            }
        }
    }

    /// <summary>Annotation keys are qualified names compared case-insensitively; total size ≤ 256 KiB.</summary>
    public static IEnumerable<FieldError> ValidateAnnotations(IDictionary<string, string>? annotations, FieldPath path)
    {
        if (annotations is null)
        {
            yield break;
        }

        long total = 0;
        foreach (var (key, value) in annotations.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            foreach (var m in FormatChecks.IsQualifiedName(key.ToLowerInvariant()))
            {
                yield return FieldError.Invalid(path.Value, key, m);
            }

            total += System.Text.Encoding.UTF8.GetByteCount(key) + System.Text.Encoding.UTF8.GetByteCount(value ?? "");
        }

        if (total > TotalAnnotationSizeLimitBytes)
        {
            yield return FieldError.TooLong(path.Value, null, TotalAnnotationSizeLimitBytes);
        }
    }
}
