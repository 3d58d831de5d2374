using k8s.Models;

namespace Everynode.Api.Pods;

/// <summary>
/// upstream qos.GetPodQOS: only cpu and memory count, zero quantities are ignored. BestEffort without any;
/// Guaranteed when every container limits both and requests equal limits; Burstable otherwise.
/// </summary>
public static class PodQos
{
    private static readonly string[] ComputeResources = ["cpu", "memory"];

    public static string Compute(V1PodSpec spec)
    {
        var requests = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var limits = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var guaranteed = true;
        foreach (var c in (spec.Containers ?? []).Concat(spec.InitContainers ?? []))
        {
            Add(requests, c.Resources?.Requests);
            var found = Add(limits, c.Resources?.Limits);
            if (!ComputeResources.All(found.Contains))
            {
                guaranteed = false;
            }
        }

        if (requests.Count == 0 && limits.Count == 0)
        {
            return "BestEffort";
        }

        if (guaranteed && requests.All(r => limits.TryGetValue(r.Key, out var l) && l == r.Value) && requests.Count == limits.Count)
        {
            return "Guaranteed";
        }

        return "Burstable";
    }

    private static HashSet<string> Add(Dictionary<string, decimal> sums, IDictionary<string, ResourceQuantity>? list)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, quantity) in list ?? new Dictionary<string, ResourceQuantity>())
        {
            var value = quantity?.ToDecimal() ?? 0;
            if (!ComputeResources.Contains(name) || value == 0)
            {
                continue;
            }

            found.Add(name);
            sums[name] = sums.GetValueOrDefault(name) + value;
        }

        return found;
    }
}
