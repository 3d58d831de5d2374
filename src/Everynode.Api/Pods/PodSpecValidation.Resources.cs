using Everynode.Api.Validation;
using k8s.Models;

namespace Everynode.Api.Pods;

public static partial class PodSpecValidation
{
    private static readonly HashSet<string> StandardContainerResources = new(StringComparer.Ordinal) { "cpu", "memory", "ephemeral-storage" };

    private static readonly HashSet<string> StandardResources = new(StringComparer.Ordinal)
    {
        "cpu", "memory", "ephemeral-storage", "requests.cpu", "requests.memory", "requests.ephemeral-storage", "limits.cpu",
        "limits.memory", "limits.ephemeral-storage", "pods", "services", "replicationcontrollers", "resourcequotas", "secrets",
        "configmaps", "persistentvolumeclaims", "requests.storage",
    };

    /// <summary>Resource names, non-negative quantities, and requests ≤ limits (= for non-overcommittable resources).</summary>
    private static List<FieldError> ValidateResources(V1ResourceRequirements? resources, FieldPath path)
    {
        var limits = resources?.Limits ?? new Dictionary<string, ResourceQuantity>();
        var requests = resources?.Requests ?? new Dictionary<string, ResourceQuantity>();
        var limPath = path.Child("limits");
        var reqPath = path.Child("requests");
        var errs = new List<FieldError>();
        foreach (var (name, quantity) in limits.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            errs.AddRange(ValidateResourceName(name, limPath.Key(name)));
            errs.AddRange(ValidateQuantityValue(name, quantity, limPath.Key(name)));
        }

        foreach (var (name, quantity) in requests.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            errs.AddRange(ValidateResourceName(name, reqPath.Key(name)));
            errs.AddRange(ValidateQuantityValue(name, quantity, reqPath.Key(name)));
            if (limits.TryGetValue(name, out var limit))
            {
                var request = Quantities.Value(quantity);
                var max = Quantities.Value(limit);
                if (request != max && !IsOvercommitAllowed(name))
                {
                    errs.Add(FieldError.Invalid(reqPath.Value, Quantities.Format(quantity),
                        $"must be equal to {name} limit of {Quantities.Format(limit)}"));
                }
                else if (request > max)
                {
                    errs.Add(FieldError.Invalid(reqPath.Value, Quantities.Format(quantity),
                        $"must be less than or equal to {name} limit of {Quantities.Format(limit)}"));
                }
            }
            else if (!IsOvercommitAllowed(name))
            {
                errs.Add(FieldError.Required(limPath.Value, "Limit must be set for non overcommitable resources"));
            }
        }

        var hasHugePages = limits.Keys.Concat(requests.Keys).Any(IsHugePages);
        var hasCpuOrMemory = limits.Keys.Concat(requests.Keys).Any(k => k is "cpu" or "memory");
        if (hasHugePages && !hasCpuOrMemory)
        {
            errs.Add(FieldError.Forbidden(path.Value, "HugePages require cpu or memory"));
        }

        return errs;
    }

    private static IEnumerable<FieldError> ValidateQuantityValue(string name, ResourceQuantity quantity, FieldPath path)
    {
        foreach (var e in Quantities.NonNegative(quantity, path))
        {
            yield return e;
        }

        var value = Quantities.Value(quantity);
        if (!IsNative(name) && value != decimal.Truncate(value))
        {
            yield return FieldError.Invalid(path.Value, new FieldError.Verbatim(Quantities.Format(quantity)), ValidationMessages.NotInteger);
        }
    }

    private static IEnumerable<FieldError> ValidateResourceName(string name, FieldPath path)
    {
        var msgs = FormatChecks.IsQualifiedName(name);
        if (msgs.Count > 0)
        {
            return msgs.Select(m => FieldError.Invalid(path.Value, name, m));
        }

        var errs = new List<FieldError>();
        if (!name.Contains('/', StringComparison.Ordinal))
        {
            if (!StandardResources.Contains(name) && !IsHugePages(name))
            {
                errs.Add(FieldError.Invalid(path.Value, name, "must be a standard resource type or fully qualified"));
            }

            if (!StandardContainerResources.Contains(name) && !IsHugePages(name))
            {
                errs.Add(FieldError.Invalid(path.Value, name, "must be a standard resource for containers"));
            }
        }
        else if (!IsNative(name) && (name.StartsWith("requests.", StringComparison.Ordinal) || FormatChecks.IsQualifiedName("requests." + name).Count > 0))
        {
            errs.Add(FieldError.Invalid(path.Value, name, "doesn't follow extended resource name standard"));
        }

        return errs;
    }

    private static bool IsHugePages(string name) => name.StartsWith("hugepages-", StringComparison.Ordinal);

    private static bool IsNative(string name) =>
        !name.Contains('/', StringComparison.Ordinal) || name.Contains("kubernetes.io/", StringComparison.Ordinal);

    private static bool IsOvercommitAllowed(string name) => IsNative(name) && !IsHugePages(name);
}
