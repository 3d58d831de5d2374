using Everynode.Api.Validation;
using k8s.Models;

namespace Everynode.Api.Pods;

/// <summary>
/// Pod spec and pod template validation shared by Pods and the workload templates (upstream ValidatePodSpec and
/// ValidatePodTemplateSpec). Split into facets by topic: containers, probes, volumes, resources, scheduling.
/// <c>isPod</c> switches on the checks upstream applies only to real Pods (ResourceIsPod).
/// </summary>
public static partial class PodSpecValidation
{
    private static readonly string[] RestartPolicies = ["Always", "OnFailure", "Never"];
    private static readonly string[] DnsPolicies = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"];

    /// <summary>metadata labels/annotations of the template, then the spec.</summary>
    public static List<FieldError> ValidatePodTemplateSpec(V1PodTemplateSpec? template, FieldPath path)
    {
        template ??= new V1PodTemplateSpec();
        var errs = new List<FieldError>();
        errs.AddRange(ObjectMetaValidation.ValidateLabels(template.Metadata?.Labels, path.Child("labels")));
        errs.AddRange(ObjectMetaValidation.ValidateAnnotations(template.Metadata?.Annotations, path.Child("annotations")));
        errs.AddRange(ValidatePodSpec(template.Spec, path.Child("spec"), isPod: false));
        if (template.Spec?.EphemeralContainers is { Count: > 0 })
        {
            errs.Add(FieldError.Forbidden(path.Child("spec", "ephemeralContainers").Value, "ephemeral containers not allowed in pod template"));
        }

        return errs;
    }

    public static List<FieldError> ValidatePodSpec(V1PodSpec? spec, FieldPath path, bool isPod)
    {
        spec ??= new V1PodSpec();
        var errs = new List<FieldError>();
        if (spec.TerminationGracePeriodSeconds is null)
        {
            errs.Add(FieldError.Required(path.Child("terminationGracePeriodSeconds").Value));
        }

        var volumes = ValidateVolumes(spec.Volumes, path.Child("volumes"), errs);
        errs.AddRange(ValidateContainers(spec, volumes, path.Child("containers")));
        errs.AddRange(ValidateInitContainers(spec, volumes, path.Child("initContainers")));
        errs.AddRange(ValidateHostNetworkPorts(spec, path, isPod));
        errs.AddRange(ValidateEnum(spec.RestartPolicy, RestartPolicies, path.Child("restartPolicy")));
        errs.AddRange(ValidateEnum(spec.DnsPolicy, DnsPolicies, path.Child("dnsPolicy")));
        errs.AddRange(ObjectMetaValidation.ValidateLabels(spec.NodeSelector, path.Child("nodeSelector")));
        errs.AddRange(ValidateAffinity(spec.Affinity, path.Child("affinity")));
        if (spec.DnsPolicy == "None" && spec.DnsConfig is null)
        {
            errs.Add(FieldError.Required(path.Child("dnsConfig").Value, "must provide `dnsConfig` when `dnsPolicy` is None"));
        }
        else if (spec.DnsPolicy == "None" && spec.DnsConfig?.Nameservers is not { Count: > 0 })
        {
            errs.Add(FieldError.Required(path.Child("dnsConfig", "nameservers").Value, "must provide at least one DNS nameserver when `dnsPolicy` is None"));
        }

        errs.AddRange(ValidateOptionalName(spec.ServiceAccountName, path.Child("serviceAccountName"), NameValidators.DnsSubdomain));
        errs.AddRange(ValidateOptionalName(spec.NodeName, path.Child("nodeName"), NameValidators.DnsSubdomain));
        if (spec.ActiveDeadlineSeconds is { } deadline && (deadline < 1 || deadline > int.MaxValue))
        {
            errs.Add(FieldError.Invalid(path.Child("activeDeadlineSeconds").Value, deadline, ValidationMessages.InclusiveRangeError(1, int.MaxValue)));
        }

        errs.AddRange(ValidateOptionalName(spec.Hostname, path.Child("hostname"), NameValidators.DnsLabel));
        errs.AddRange(ValidateOptionalName(spec.Subdomain, path.Child("subdomain"), NameValidators.DnsLabel));
        errs.AddRange(ValidateTolerations(spec.Tolerations, path.Child("tolerations")));
        errs.AddRange(ValidateOptionalName(spec.PriorityClassName, path.Child("priorityClassName"), NameValidators.DnsSubdomain));
        if (spec.PreemptionPolicy is not null)
        {
            errs.AddRange(ValidateEnum(spec.PreemptionPolicy, ["PreemptLowerPriority", "Never"], path.Child("preemptionPolicy")));
        }

        return errs;
    }

    /// <summary>"" → Required; unknown → Unsupported value with the supported list.</summary>
    internal static IEnumerable<FieldError> ValidateEnum(string? value, IReadOnlyList<string> supported, FieldPath path)
    {
        if (string.IsNullOrEmpty(value))
        {
            yield return FieldError.Required(path.Value);
        }
        else if (!supported.Contains(value))
        {
            yield return FieldError.NotSupported(path.Value, value, supported);
        }
    }

    private static IEnumerable<FieldError> ValidateOptionalName(string? value, FieldPath path, Func<string, bool, IReadOnlyList<string>> nameFn) =>
        string.IsNullOrEmpty(value) ? [] : nameFn(value, false).Select(m => FieldError.Invalid(path.Value, value, m));

    /// <summary>With hostNetwork, a hostPort must equal its containerPort (and on a Pod it must be set).</summary>
    private static IEnumerable<FieldError> ValidateHostNetworkPorts(V1PodSpec spec, FieldPath path, bool isPod)
    {
        if (spec.HostNetwork != true)
        {
            yield break;
        }

        var containers = spec.Containers ?? [];
        for (var i = 0; i < containers.Count; i++)
        {
            var ports = containers[i].Ports ?? [];
            for (var j = 0; j < ports.Count; j++)
            {
                var hostPort = ports[j].HostPort ?? 0;
                if ((isPod || hostPort != 0) && hostPort != ports[j].ContainerPort)
                {
                    yield return FieldError.Invalid(path.Child("containers").Index(i).Child("ports").Index(j).Child("hostPort").Value,
                        hostPort, "must match `containerPort` when `hostNetwork` is true");
                }
            }
        }
    }
}
