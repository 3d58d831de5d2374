using Everynode.Api.Models;
using Everynode.Api.Pods;
using Everynode.Api.Selectors;
using Everynode.Api.Validation;
using k8s.Models;

namespace Everynode.Api.ReplicaSets;

/// <summary>
/// apps/v1 ReplicaSet validation with upstream's messages and paths (ValidateReplicaSetSpec, ValidateReplicaSetStatus).
/// <see cref="ValidateSelectorAndTemplate"/> is shared with Deployments, as upstream shares it
/// (ValidatePodTemplateSpecForReplicaSet).
/// </summary>
public static class ReplicaSetValidation
{
    private static readonly FieldPath Spec = FieldPath.Root("spec");
    private static readonly FieldPath Status = FieldPath.Root("status");
    private const string CannotExceedReplicas = "cannot be greater than status.replicas";

    public static List<FieldError> ValidateCreate(V1ReplicaSet rs)
    {
        ArgumentNullException.ThrowIfNull(rs);
        var errs = ObjectMetaValidation.ValidateCreate(rs.Metadata, namespaced: true, NameValidators.DnsSubdomain);
        var spec = rs.Spec ?? new V1ReplicaSetSpec();
        errs.AddRange(FieldErrors.NonNegative(spec.Replicas ?? 0, Spec.Child("replicas")));
        errs.AddRange(FieldErrors.NonNegative(spec.MinReadySeconds ?? 0, Spec.Child("minReadySeconds")));
        errs.AddRange(ValidateSelectorAndTemplate(spec.Selector, spec.Template, Spec));
        return errs;
    }

    public static IReadOnlyList<FieldError> ValidateUpdate(V1ReplicaSet rs, V1ReplicaSet old)
    {
        ArgumentNullException.ThrowIfNull(rs);
        ArgumentNullException.ThrowIfNull(old);
        var errs = ValidateCreate(rs);
        errs.AddRange(ObjectMetaValidation.ValidateUpdate(rs.Metadata, old.Metadata));
        errs.AddRange(FieldErrors.Immutable(!SemanticEquality.AreEqual(rs.Spec?.Selector, old.Spec?.Selector),
            Spec.Child("selector"), GoValue.LabelSelector(rs.Spec?.Selector)));
        return FieldErrors.Distinct(errs);
    }

    public static IReadOnlyList<FieldError> ValidateStatusUpdate(V1ReplicaSet rs, V1ReplicaSet old)
    {
        ArgumentNullException.ThrowIfNull(rs);
        ArgumentNullException.ThrowIfNull(old);
        var errs = ObjectMetaValidation.ValidateUpdate(rs.Metadata, old.Metadata);
        var s = rs.Status ?? new V1ReplicaSetStatus();
        var fullyLabeled = s.FullyLabeledReplicas ?? 0;
        var ready = s.ReadyReplicas ?? 0;
        var available = s.AvailableReplicas ?? 0;
        errs.AddRange(FieldErrors.NonNegative(s.Replicas, Status.Child("replicas")));
        errs.AddRange(FieldErrors.NonNegative(fullyLabeled, Status.Child("fullyLabeledReplicas")));
        errs.AddRange(FieldErrors.NonNegative(ready, Status.Child("readyReplicas")));
        errs.AddRange(FieldErrors.NonNegative(available, Status.Child("availableReplicas")));
        errs.AddRange(FieldErrors.NonNegative(s.ObservedGeneration ?? 0, Status.Child("observedGeneration")));
        if (fullyLabeled > s.Replicas)
        {
            errs.Add(FieldError.Invalid(Status.Child("fullyLabeledReplicas").Value, fullyLabeled, CannotExceedReplicas));
        }

        errs.AddRange(ReplicaCounts(s.Replicas, ready, available, Status));
        return errs;
    }

    /// <summary>Ready and available pods never outnumber the replicas, and available ones are ready (shared with Deployments).</summary>
    public static IEnumerable<FieldError> ReplicaCounts(int replicas, int ready, int available, FieldPath status)
    {
        if (ready > replicas)
        {
            yield return FieldError.Invalid(status.Child("readyReplicas").Value, ready, CannotExceedReplicas);
        }

        if (available > replicas)
        {
            yield return FieldError.Invalid(status.Child("availableReplicas").Value, available, CannotExceedReplicas);
        }

        if (available > ready)
        {
            yield return FieldError.Invalid(status.Child("availableReplicas").Value, available, "cannot be greater than readyReplicas");
        }
    }

    /// <summary>
    /// The selector is required, valid and not empty; the template is valid, its labels match the selector, it
    /// restarts Always and has no activeDeadlineSeconds. Upstream's message says "deployment" for ReplicaSets too.
    /// </summary>
    public static List<FieldError> ValidateSelectorAndTemplate(V1LabelSelector? selector, V1PodTemplateSpec? template, FieldPath spec)
    {
        var errs = new List<FieldError>();
        var selectorPath = spec.Child("selector");
        if (selector is null)
        {
            errs.Add(FieldError.Required(selectorPath.Value));
        }
        else
        {
            errs.AddRange(LabelSelectorValidation.Validate(selector, selectorPath));
            if ((selector.MatchLabels?.Count ?? 0) + (selector.MatchExpressions?.Count ?? 0) == 0)
            {
                errs.Add(FieldError.Invalid(selectorPath.Value, GoValue.LabelSelector(selector), "empty selector is invalid for deployment"));
            }
        }

        var templatePath = spec.Child("template");
        if (template is null)
        {
            errs.Add(FieldError.Required(templatePath.Value));
            return errs;
        }

        var labels = template.Metadata?.Labels;
        if (selector is not null && LabelSelector.TryFromLabelSelector(selector, out var parsed) && !parsed.Matches(labels))
        {
            errs.Add(FieldError.Invalid(templatePath.Child("metadata", "labels").Value, GoValue.StringMap(labels),
                "`selector` does not match template `labels`"));
        }

        errs.AddRange(PodSpecValidation.ValidatePodTemplateSpec(template, templatePath));
        if (template.Spec?.RestartPolicy != "Always")
        {
            errs.Add(FieldError.NotSupported(templatePath.Child("spec", "restartPolicy").Value, template.Spec?.RestartPolicy ?? "", ["Always"]));
        }

        if (template.Spec?.ActiveDeadlineSeconds is not null)
        {
            errs.Add(FieldError.Forbidden(templatePath.Child("spec", "activeDeadlineSeconds").Value, "activeDeadlineSeconds in ReplicaSet is not Supported"));
        }

        return errs;
    }
}
