using System.Text;
using System.Text.Json.Nodes;
using Everynode.Api.Models;
using Everynode.Api.Validation;
using k8s.Models;

namespace Everynode.Api.Pods;

public static partial class PodValidation
{
    private static readonly string[] UpdatableFields =
    [
        "`spec.containers[*].image`",
        "`spec.initContainers[*].image`",
        "`spec.activeDeadlineSeconds`",
        "`spec.tolerations` (only additions to existing tolerations)",
        "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)",
    ];

    /// <summary>
    /// Only container images, a shrinking activeDeadlineSeconds, added tolerations (and grace period from negative
    /// to 1) may change; anything else gives upstream's "pod updates may not change fields other than ..." error.
    /// </summary>
    public static IReadOnlyList<FieldError> ValidateUpdate(V1Pod pod, V1Pod old)
    {
        var errs = ObjectMetaValidation.ValidateUpdate(pod.Metadata, old.Metadata);
        errs.AddRange(ValidateMetadataAndSpec(pod));
        var spec = pod.Spec ?? new V1PodSpec();
        var oldSpec = old.Spec ?? new V1PodSpec();
        if (!ContainerUpdates(spec.Containers, oldSpec.Containers, Spec.Child("containers"), errs)
            || !ContainerUpdates(spec.InitContainers, oldSpec.InitContainers, Spec.Child("initContainers"), errs))
        {
            return FieldErrors.Distinct(errs);
        }

        var deadlinePath = Spec.Child("activeDeadlineSeconds").Value;
        if (spec.ActiveDeadlineSeconds is { } deadline)
        {
            if (deadline < 0 || deadline > int.MaxValue)
            {
                errs.Add(FieldError.Invalid(deadlinePath, deadline, ValidationMessages.InclusiveRangeError(0, int.MaxValue)));
                return FieldErrors.Distinct(errs);
            }

            if (oldSpec.ActiveDeadlineSeconds is { } oldDeadline && oldDeadline < deadline)
            {
                errs.Add(FieldError.Invalid(deadlinePath, deadline, "must be less than or equal to previous value"));
                return FieldErrors.Distinct(errs);
            }
        }
        else if (oldSpec.ActiveDeadlineSeconds is not null)
        {
            errs.Add(FieldError.Invalid(deadlinePath, null, "must not update from a positive integer to nil value"));
        }

        errs.AddRange(OnlyAddedTolerations(spec.Tolerations, oldSpec.Tolerations, Spec.Child("tolerations")));

        var munged = ModelCopy.Clone(spec)!;
        for (var i = 0; i < (munged.Containers?.Count ?? 0); i++)
        {
            munged.Containers![i].Image = oldSpec.Containers![i].Image;
        }

        for (var i = 0; i < (munged.InitContainers?.Count ?? 0); i++)
        {
            munged.InitContainers![i].Image = oldSpec.InitContainers![i].Image;
        }

        munged.ActiveDeadlineSeconds = oldSpec.ActiveDeadlineSeconds;
        munged.Tolerations = oldSpec.Tolerations;
        munged.SchedulingGates = oldSpec.SchedulingGates;
        if (oldSpec.TerminationGracePeriodSeconds < 0 && munged.TerminationGracePeriodSeconds == 1)
        {
            munged.TerminationGracePeriodSeconds = oldSpec.TerminationGracePeriodSeconds;
        }

        if (!SemanticEquality.AreEqual(munged, oldSpec))
        {
            errs.Add(FieldError.Forbidden(Spec.Value,
                "pod updates may not change fields other than " + string.Join(",", UpdatableFields) + "\n" + SpecDiff(oldSpec, munged)));
        }

        return FieldErrors.Distinct(errs);
    }

    private static bool ContainerUpdates(IList<V1Container>? containers, IList<V1Container>? oldContainers, FieldPath path, List<FieldError> errs)
    {
        if ((containers?.Count ?? 0) != (oldContainers?.Count ?? 0))
        {
            errs.Add(FieldError.Forbidden(path.Value, "pod updates may not add or remove containers"));
            return false;
        }

        for (var i = 0; i < (containers?.Count ?? 0); i++)
        {
            var image = containers![i].Image ?? "";
            if (image.Length == 0)
            {
                errs.Add(FieldError.Required(path.Index(i).Child("image").Value));
            }

            if (image.Trim().Length != image.Length)
            {
                errs.Add(FieldError.Invalid(path.Index(i).Child("image").Value, image, "must not have leading or trailing whitespace"));
            }
        }

        return true;
    }

    private static IEnumerable<FieldError> OnlyAddedTolerations(IList<V1Toleration>? tolerations, IList<V1Toleration>? oldTolerations, FieldPath path)
    {
        foreach (var old in oldTolerations ?? [])
        {
            var kept = (tolerations ?? []).Any(t =>
                t.Key == old.Key && t.OperatorProperty == old.OperatorProperty && t.Value == old.Value && t.Effect == old.Effect);
            if (!kept)
            {
                return [FieldError.Forbidden(path.Value, "existing toleration can not be modified except its tolerationSeconds")];
            }
        }

        return PodSpecValidation.ValidateTolerations(tolerations, path);
    }

    // Upstream appends a go-cmp diff of the internal structs; this lists the changed top-level fields instead.
    private static string SpecDiff(V1PodSpec old, V1PodSpec changed)
    {
        var before = JsonNode.Parse(SemanticEquality.Canonical(old))!.AsObject();
        var after = JsonNode.Parse(SemanticEquality.Canonical(changed))!.AsObject();
        var sb = new StringBuilder("  v1.PodSpec{\n");
        foreach (var key in before.Select(kv => kv.Key).Union(after.Select(kv => kv.Key)).Order(StringComparer.Ordinal))
        {
            var a = before[key]?.ToJsonString();
            var b = after[key]?.ToJsonString();
            if (a == b)
            {
                continue;
            }

            if (a is not null)
            {
                sb.Append("- \t").Append(key).Append(": ").Append(a).Append(",\n");
            }

            if (b is not null)
            {
                sb.Append("+ \t").Append(key).Append(": ").Append(b).Append(",\n");
            }
        }

        return sb.Append("  }\n").ToString();
    }
}
