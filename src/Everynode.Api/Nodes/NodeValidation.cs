using Everynode.Api.Pods;
using Everynode.Api.Validation;
using k8s.Models;

namespace Everynode.Api.Nodes;

/// <summary>Node validation (upstream ValidateNode / ValidateNodeUpdate).</summary>
public static class NodeValidation
{
    private const string PodCidrChange = "node updates may not change podCIDR except from \"\" to valid";

    public static List<FieldError> ValidateCreate(V1Node node)
    {
        var errs = ObjectMetaValidation.ValidateCreate(node.Metadata, namespaced: false, NameValidators.DnsSubdomain);
        errs.AddRange(ValidateTaints(node.Spec?.Taints));
        errs.AddRange(ValidateResources(node));
        return errs;
    }

    public static IReadOnlyList<FieldError> ValidateUpdate(V1Node node, V1Node old)
    {
        var errs = ObjectMetaValidation.ValidateUpdate(node.Metadata, old.Metadata);
        errs.AddRange(ValidateResources(node));
        var oldCidrs = PodCidrs(old.Spec);
        var newCidrs = PodCidrs(node.Spec);
        if (oldCidrs.Count > 0)
        {
            if (oldCidrs.Count != newCidrs.Count)
            {
                errs.Add(FieldError.Forbidden("spec.podCIDRs", PodCidrChange));
            }
            else
            {
                errs.AddRange(oldCidrs.Where((cidr, i) => cidr != newCidrs[i]).Select(_ => FieldError.Forbidden("spec.podCIDRs", PodCidrChange)));
            }
        }

        if (!string.IsNullOrEmpty(old.Spec?.ProviderID) && old.Spec.ProviderID != node.Spec?.ProviderID)
        {
            errs.Add(FieldError.Forbidden("spec.providerID", "node updates may not change providerID except from \"\" to valid"));
        }

        errs.AddRange(ValidateTaints(node.Spec?.Taints));
        if ((node.Spec?.ExternalID ?? "") != (old.Spec?.ExternalID ?? ""))
        {
            errs.Add(FieldError.Forbidden("spec.externalID", "may not be updated"));
        }

        return errs;
    }

    /// <summary>
    /// Taint key/value/effect and uniqueness by key+effect. Upstream reports these under
    /// <c>metadata.taints</c> (it builds the path from the metadata path); the same path is used here.
    /// </summary>
    public static IEnumerable<FieldError> ValidateTaints(IList<V1Taint>? taints)
    {
        var path = FieldPath.Root("metadata").Child("taints");
        var seen = new HashSet<(string, string)>();
        for (var i = 0; i < (taints?.Count ?? 0); i++)
        {
            var t = taints![i];
            var tPath = path.Index(i);
            foreach (var m in FormatChecks.IsQualifiedName(t.Key ?? ""))
            {
                yield return FieldError.Invalid(tPath.Child("key").Value, t.Key ?? "", m);
            }

            var valueErrors = FormatChecks.IsLabelValue(t.Value ?? "");
            if (valueErrors.Count > 0)
            {
                yield return FieldError.Invalid(tPath.Child("value").Value, t.Value ?? "", string.Join(";", valueErrors));
            }

            if (string.IsNullOrEmpty(t.Effect))
            {
                yield return FieldError.Required(tPath.Child("effect").Value);
            }
            else if (!PodSpecValidation.TaintEffects.Contains(t.Effect))
            {
                yield return FieldError.NotSupported(tPath.Child("effect").Value, t.Effect, PodSpecValidation.TaintEffects);
            }

            if (!seen.Add((t.Key ?? "", t.Effect ?? "")))
            {
                yield return new FieldError(FieldErrorType.Duplicate, tPath.Value, new FieldError.Verbatim(GoTaint(t)),
                    "taints must be unique by key and effect pair");
            }
        }
    }

    private static IEnumerable<FieldError> ValidateResources(V1Node node)
    {
        foreach (var (name, quantity) in (node.Status?.Capacity ?? new Dictionary<string, ResourceQuantity>()).OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            foreach (var e in Quantities.NonNegative(quantity, FieldPath.Root("status").Child("capacity", name)))
            {
                yield return e;
            }
        }

        foreach (var (name, quantity) in (node.Status?.Allocatable ?? new Dictionary<string, ResourceQuantity>()).OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            foreach (var e in Quantities.NonNegative(quantity, FieldPath.Root("status").Child("allocatable", name)))
            {
                yield return e;
            }
        }
    }

    /// <summary>v1 keeps podCIDR and podCIDRs; upstream's internal form only has the list (podCIDR is its first entry).</summary>
    private static List<string> PodCidrs(V1NodeSpec? spec) =>
        spec?.PodCIDRs is { Count: > 0 } list ? [.. list] : string.IsNullOrEmpty(spec?.PodCIDR) ? [] : [spec.PodCIDR];

    private static string GoTaint(V1Taint t) =>
        $"core.Taint{{Key:{FieldError.Quote(t.Key ?? "")}, Value:{FieldError.Quote(t.Value ?? "")}, Effect:{FieldError.Quote(t.Effect ?? "")}, TimeAdded:{(t.TimeAdded is null ? "(*v1.Time)(nil)" : "(*v1.Time)(0xc000000000)")}}}";
}
