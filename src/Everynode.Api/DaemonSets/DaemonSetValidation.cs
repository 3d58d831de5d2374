using Everynode.Api.Models;
using Everynode.Api.Pods;
using Everynode.Api.Selectors;
using Everynode.Api.Validation;
using k8s.Models;

namespace Everynode.Api.DaemonSets;

/// <summary>
/// apps/v1 DaemonSet validation with upstream's exact messages and paths (see daemonset-semantics.md §3).
/// The internal templateGeneration field lives in the <see cref="TemplateGeneration"/> annotation here; its
/// errors keep upstream's <c>spec.templateGeneration</c> path.
/// </summary>
public static partial class DaemonSetValidation
{
    private static readonly FieldPath Spec = FieldPath.Root("spec");
    private static readonly FieldPath Status = FieldPath.Root("status");

    public static List<FieldError> ValidateCreate(V1DaemonSet ds, bool allowInvalidSelectorValues = false)
    {
        var errs = ObjectMetaValidation.ValidateCreate(ds.Metadata, namespaced: true, NameValidators.DnsSubdomain);
        errs.AddRange(ValidateTemplateGenerationAnnotation(ds));
        errs.AddRange(ValidateSpec(ds, allowInvalidSelectorValues));
        return errs;
    }

    public static IReadOnlyList<FieldError> ValidateUpdate(V1DaemonSet ds, V1DaemonSet old)
    {
        // Stored objects with invalid selector values stay updatable, as upstream allows.
        var allowInvalid = LabelSelectorValidation.HasInvalidLabelValue(old.Spec?.Selector);
        var errs = ValidateCreate(ds, allowInvalid);
        errs.AddRange(ObjectMetaValidation.ValidateUpdate(ds.Metadata, old.Metadata));
        errs.AddRange(ValidateSpecUpdate(ds, old));
        errs.AddRange(FieldErrors.Immutable(!SemanticEquality.AreEqual(ds.Spec?.Selector, old.Spec?.Selector),
            Spec.Child("selector"), GoValue.LabelSelector(ds.Spec?.Selector)));
        return FieldErrors.Distinct(errs);
    }

    public static IReadOnlyList<FieldError> ValidateStatusUpdate(V1DaemonSet ds, V1DaemonSet old)
    {
        var errs = ObjectMetaValidation.ValidateUpdate(ds.Metadata, old.Metadata);
        var s = ds.Status ?? new V1DaemonSetStatus();
        errs.AddRange(FieldErrors.NonNegative(s.CurrentNumberScheduled, Status.Child("currentNumberScheduled")));
        errs.AddRange(FieldErrors.NonNegative(s.NumberMisscheduled, Status.Child("numberMisscheduled")));
        errs.AddRange(FieldErrors.NonNegative(s.DesiredNumberScheduled, Status.Child("desiredNumberScheduled")));
        errs.AddRange(FieldErrors.NonNegative(s.NumberReady, Status.Child("numberReady")));
        errs.AddRange(FieldErrors.NonNegative(s.ObservedGeneration ?? 0, Status.Child("observedGeneration")));
        errs.AddRange(FieldErrors.NonNegative(s.UpdatedNumberScheduled ?? 0, Status.Child("updatedNumberScheduled")));
        errs.AddRange(FieldErrors.NonNegative(s.NumberAvailable ?? 0, Status.Child("numberAvailable")));
        errs.AddRange(FieldErrors.NonNegative(s.NumberUnavailable ?? 0, Status.Child("numberUnavailable")));
        errs.AddRange(FieldErrors.NonNegative(s.CollisionCount, Status.Child("collisionCount")));
        var oldCount = old.Status?.CollisionCount;
        if (oldCount is not null && (s.CollisionCount is null || s.CollisionCount < oldCount))
        {
            errs.Add(FieldError.Invalid(Status.Child("collisionCount").Value, s.CollisionCount ?? 0, "cannot be decremented"));
        }

        return errs;
    }

    private static IEnumerable<FieldError> ValidateTemplateGenerationAnnotation(V1DaemonSet ds)
    {
        if (TemplateGeneration.Read(ds) is null)
        {
            // Upstream fails decoding here (400); a field error is the closest a strategy can report.
            var value = ds.Metadata!.Annotations![TemplateGeneration.AnnotationKey];
            yield return FieldError.Invalid(FieldPath.Root("metadata").Child("annotations").Key(TemplateGeneration.AnnotationKey).Value,
                value, ValidationMessages.NotInteger);
        }
    }

    private static List<FieldError> ValidateSpec(V1DaemonSet ds, bool allowInvalidSelectorValues)
    {
        var spec = ds.Spec ?? new V1DaemonSetSpec();
        var errs = LabelSelectorValidation.Validate(spec.Selector, Spec.Child("selector"), allowInvalidSelectorValues).ToList();
        var templateLabels = spec.Template?.Metadata?.Labels;
        if (LabelSelector.TryFromLabelSelector(spec.Selector, out var parsed) && !parsed.Matches(templateLabels))
        {
            errs.Add(FieldError.Invalid(Spec.Child("template", "metadata", "labels").Value, GoValue.StringMap(templateLabels),
                "`selector` does not match template `labels`"));
        }

        if (spec.Selector is { } selector && (selector.MatchLabels?.Count ?? 0) + (selector.MatchExpressions?.Count ?? 0) == 0)
        {
            errs.Add(FieldError.Invalid(Spec.Child("selector").Value, GoValue.LabelSelector(selector), "empty selector is invalid for daemonset"));
        }

        errs.AddRange(PodSpecValidation.ValidatePodTemplateSpec(spec.Template, Spec.Child("template")));
        var podSpec = spec.Template?.Spec;
        if (podSpec?.RestartPolicy != "Always")
        {
            errs.Add(FieldError.NotSupported(Spec.Child("template", "spec", "restartPolicy").Value, podSpec?.RestartPolicy ?? "", ["Always"]));
        }

        if (podSpec?.ActiveDeadlineSeconds is not null)
        {
            errs.Add(FieldError.Forbidden(Spec.Child("template", "spec", "activeDeadlineSeconds").Value, "activeDeadlineSeconds in DaemonSet is not Supported"));
        }

        errs.AddRange(FieldErrors.NonNegative(spec.MinReadySeconds ?? 0, Spec.Child("minReadySeconds")));
        errs.AddRange(FieldErrors.NonNegative(TemplateGeneration.Read(ds) ?? 0, Spec.Child("templateGeneration")));
        errs.AddRange(ValidateUpdateStrategy(spec.UpdateStrategy, Spec.Child("updateStrategy")));
        errs.AddRange(FieldErrors.NonNegative(spec.RevisionHistoryLimit, Spec.Child("revisionHistoryLimit")));
        return errs;
    }

    /// <summary>templateGeneration never decreases and moves exactly when the template changes.</summary>
    private static IEnumerable<FieldError> ValidateSpecUpdate(V1DaemonSet ds, V1DaemonSet old)
    {
        var path = Spec.Child("templateGeneration").Value;
        var generation = TemplateGeneration.Read(ds) ?? 0;
        var oldGeneration = TemplateGeneration.Read(old) ?? 0;
        if (generation < oldGeneration)
        {
            yield return FieldError.Invalid(path, generation, "must not be decremented");
        }

        var templateUpdated = !SemanticEquality.AreEqual(ds.Spec?.Template, old.Spec?.Template);
        if (generation == oldGeneration && templateUpdated)
        {
            yield return FieldError.Invalid(path, generation, "must be incremented upon template update");
        }
        else if (generation > oldGeneration && !templateUpdated)
        {
            yield return FieldError.Invalid(path, generation, "must not be incremented without template update");
        }
    }
}
