using Everynode.Api.Models;
using Everynode.Api.Resources;
using Everynode.Api.Validation;
using k8s.Models;

namespace Everynode.Api.Namespaces;

/// <summary>Object life cycle rules for V1Namespace (upstream pkg/registry/core/namespace/strategy.go).</summary>
public sealed class NamespaceStrategy : ResourceStrategy<V1Namespace>
{
    public const string KubernetesFinalizer = "kubernetes";
    public const string NameLabel = "kubernetes.io/metadata.name";

    /// <summary>A new namespace is Active and always carries the "kubernetes" finalizer.</summary>
    public override void PrepareForCreate(V1Namespace obj)
    {
        obj.Status = new V1NamespaceStatus { Phase = "Active" };
        obj.Spec ??= new V1NamespaceSpec();
        obj.Spec.Finalizers ??= [];
        if (!obj.Spec.Finalizers.Contains(KubernetesFinalizer))
        {
            obj.Spec.Finalizers.Add(KubernetesFinalizer);
        }
    }

    /// <summary>spec.finalizers and status only change through the finalize and status endpoints.</summary>
    public override void PrepareForUpdate(V1Namespace obj, V1Namespace old)
    {
        obj.Spec ??= new V1NamespaceSpec();
        obj.Spec.Finalizers = ModelCopy.Clone(old.Spec?.Finalizers);
        obj.Status = ModelCopy.Clone(old.Status);
    }

    public override void PrepareForStatusUpdate(V1Namespace obj, V1Namespace old) => obj.Spec = ModelCopy.Clone(old.Spec);

    /// <summary>The immutable name label (NamespaceDefaultLabelName) and phase Active.</summary>
    public override void ApplyDefaults(V1Namespace obj)
    {
        obj.Metadata ??= new V1ObjectMeta();
        if (!string.IsNullOrEmpty(obj.Metadata.Name))
        {
            obj.Metadata.Labels ??= new Dictionary<string, string>();
            obj.Metadata.Labels[NameLabel] = obj.Metadata.Name;
        }

        if (obj.Status is { Phase: null or "" } status)
        {
            status.Phase = "Active";
        }
    }

    public override IReadOnlyList<FieldError> ValidateCreate(V1Namespace obj)
    {
        var errs = ObjectMetaValidation.ValidateCreate(obj.Metadata, namespaced: false, NameValidators.DnsLabel);
        errs.AddRange(ValidateSpecFinalizers(obj));
        return errs;
    }

    public override IReadOnlyList<FieldError> ValidateUpdate(V1Namespace obj, V1Namespace old) =>
        ObjectMetaValidation.ValidateUpdate(obj.Metadata, old.Metadata);

    public override IReadOnlyList<FieldError> ValidateStatusUpdate(V1Namespace obj, V1Namespace old)
    {
        var errs = ObjectMetaValidation.ValidateUpdate(obj.Metadata, old.Metadata);
        var phase = obj.Status?.Phase ?? "";
        if (obj.Metadata?.DeletionTimestamp is null)
        {
            if (phase != "Active")
            {
                errs.Add(FieldError.Invalid("status.Phase", phase, "may only be 'Active' if `deletionTimestamp` is empty"));
            }
        }
        else if (phase != "Terminating")
        {
            errs.Add(FieldError.Invalid("status.Phase", phase, "may only be 'Terminating' if `deletionTimestamp` is not empty"));
        }

        return errs;
    }

    public override IReadOnlyDictionary<string, string> GetSelectableFields(V1Namespace obj)
    {
        var fields = MetadataFields(obj);
        fields["status.phase"] = obj.Status?.Phase ?? "";
        return fields;
    }

    private static IEnumerable<FieldError> ValidateSpecFinalizers(V1Namespace ns)
    {
        var path = FieldPath.Root("spec").Child("finalizers");
        foreach (var f in ns.Spec?.Finalizers ?? [])
        {
            foreach (var m in FormatChecks.IsQualifiedName(f))
            {
                yield return FieldError.Invalid(path.Value, f, m);
            }

            foreach (var e in ObjectMetaValidation.ValidateKubeFinalizerNames([f], path).Select(e => e with { Field = path.Value }))
            {
                yield return e;
            }
        }
    }
}
