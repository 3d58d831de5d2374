using Everynode.Api.Validation;
using k8s.Models;

namespace Everynode.Api.Pods;

/// <summary>Pod validation (upstream ValidatePodCreate / ValidatePodUpdate / ValidatePodStatusUpdate).</summary>
public static partial class PodValidation
{
    private static readonly FieldPath Spec = FieldPath.Root("spec");

    public static List<FieldError> ValidateCreate(V1Pod pod)
    {
        var errs = ValidateMetadataAndSpec(pod);
        if (pod.Spec?.EphemeralContainers is { Count: > 0 })
        {
            errs.Add(FieldError.Forbidden(Spec.Child("ephemeralContainers").Value, "cannot be set on create"));
        }

        if (!string.IsNullOrEmpty(pod.Spec?.NodeName) && pod.Spec.SchedulingGates is { Count: > 0 })
        {
            errs.Add(FieldError.Forbidden(Spec.Child("nodeName").Value, "cannot be set until all schedulingGates have been cleared"));
        }

        return errs;
    }

    public static IReadOnlyList<FieldError> ValidateStatusUpdate(V1Pod pod, V1Pod old)
    {
        var errs = ObjectMetaValidation.ValidateUpdate(pod.Metadata, old.Metadata);
        var conditions = pod.Status?.Conditions ?? [];
        for (var i = 0; i < conditions.Count; i++)
        {
            if (conditions[i].Type is "PodScheduled" or "Ready" or "Initialized")
            {
                continue;
            }

            // Upstream reports these under metadata.conditions[i].Type.
            var path = FieldPath.Root("metadata").Child("conditions").Index(i).Child("Type");
            errs.AddRange(FormatChecks.IsQualifiedName(conditions[i].Type ?? "").Select(m => FieldError.Invalid(path.Value, conditions[i].Type ?? "", m)));
        }

        var status = FieldPath.Root("status");
        if (pod.Spec?.NodeName != old.Spec?.NodeName)
        {
            errs.Add(FieldError.Forbidden(status.Child("nodeName").Value, "may not be changed directly"));
        }

        var nominated = pod.Status?.NominatedNodeName;
        if (!string.IsNullOrEmpty(nominated) && nominated != old.Status?.NominatedNodeName)
        {
            errs.AddRange(NameValidators.DnsSubdomain(nominated, false).Select(m => FieldError.Invalid(status.Child("nominatedNodeName").Value, nominated, m)));
        }

        errs.AddRange(FieldErrors.Immutable(pod.Status?.QosClass != old.Status?.QosClass, status.Child("qosClass"), pod.Status?.QosClass ?? ""));
        return errs;
    }

    /// <summary>Metadata (DNS subdomain name) and spec, plus the checks upstream applies only to real Pods.</summary>
    private static List<FieldError> ValidateMetadataAndSpec(V1Pod pod)
    {
        var errs = ObjectMetaValidation.ValidateCreate(pod.Metadata, namespaced: true, NameValidators.DnsSubdomain);
        errs.AddRange(PodSpecValidation.ValidatePodSpec(pod.Spec, Spec, isPod: true));
        errs.AddRange(ImageWhitespace(pod.Spec?.Containers, Spec.Child("containers")));
        errs.AddRange(ImageWhitespace(pod.Spec?.InitContainers, Spec.Child("initContainers")));
        return errs;
    }

    private static IEnumerable<FieldError> ImageWhitespace(IList<V1Container>? containers, FieldPath path)
    {
        for (var i = 0; i < (containers?.Count ?? 0); i++)
        {
            var image = containers![i].Image ?? "";
            if (image.Length != image.Trim().Length)
            {
                yield return FieldError.Invalid(path.Index(i).Child("image").Value, image, "must not have leading or trailing whitespace");
            }
        }
    }
}
