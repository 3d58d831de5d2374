using k8s.Models;

namespace Everynode.Api.Scheduling;

/// <summary>
/// What a pod asks of a node (upstream resourcehelper.PodRequests). Regular containers run together, so their
/// requests add up. Init containers run one after another, so the pod needs the largest of them; but a restartable
/// init container (a sidecar, restartPolicy: Always) keeps running, so it adds to the regular containers and to
/// every init container that starts after it. Pod overhead is added last. Quantities are summed exactly and only
/// then rounded to the scheduler's integer units.
/// </summary>
public static class PodRequests
{
    /// <summary>Requests Kubernetes assumes for a container that states none, when spreading by score.</summary>
    public const long DefaultMilliCpuRequest = 100;

    /// <summary>200Mi, as upstream's DefaultMemoryRequest.</summary>
    public const long DefaultMemoryRequest = 200L * 1024 * 1024;

    /// <summary>The pod's requests as NodeResourcesFit compares them against allocatable.</summary>
    public static Resource Compute(V1Pod pod) => Resource.FromExact(Aggregate(pod, nonMissing: false));

    /// <summary>
    /// The requests used for scoring (upstream NonZeroRequested): a container with no cpu or memory request counts
    /// as 100m / 200Mi, so that many "free" pods do not all land on one node.
    /// </summary>
    public static Resource ComputeNonZero(V1Pod pod) => Resource.FromExact(Aggregate(pod, nonMissing: true));

    private static Dictionary<string, decimal> Aggregate(V1Pod pod, bool nonMissing)
    {
        var spec = pod.Spec;
        var total = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var container in spec?.Containers ?? [])
        {
            AddTo(total, Requests(container, nonMissing));
        }

        var sidecars = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var initMax = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var container in spec?.InitContainers ?? [])
        {
            var requests = Requests(container, nonMissing);
            Dictionary<string, decimal> effective;
            if (container.RestartPolicy == "Always")
            {
                AddTo(total, requests);
                AddTo(sidecars, requests);
                effective = sidecars;
            }
            else
            {
                effective = new Dictionary<string, decimal>(requests, StringComparer.Ordinal);
                AddTo(effective, sidecars);
            }

            MaxInto(initMax, effective);
        }

        MaxInto(total, initMax);
        foreach (var (name, quantity) in spec?.Overhead ?? new Dictionary<string, ResourceQuantity>())
        {
            total[name] = total.GetValueOrDefault(name) + Value(quantity);
        }

        return total;
    }

    private static Dictionary<string, decimal> Requests(V1Container container, bool nonMissing)
    {
        var result = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var (name, quantity) in container.Resources?.Requests ?? new Dictionary<string, ResourceQuantity>())
        {
            result[name] = Value(quantity);
        }

        if (nonMissing)
        {
            result.TryAdd(ResourceNames.Cpu, DefaultMilliCpuRequest / 1000m);
            result.TryAdd(ResourceNames.Memory, DefaultMemoryRequest);
        }

        return result;
    }

    private static decimal Value(ResourceQuantity? quantity)
    {
        try
        {
            return quantity?.ToDecimal() ?? 0m;
        }
        catch (OverflowException)
        {
            return decimal.MaxValue / 4;
        }
    }

    private static void AddTo(Dictionary<string, decimal> target, Dictionary<string, decimal> source)
    {
        foreach (var (name, value) in source)
        {
            target[name] = target.GetValueOrDefault(name) + value;
        }
    }

    private static void MaxInto(Dictionary<string, decimal> target, Dictionary<string, decimal> source)
    {
        foreach (var (name, value) in source)
        {
            if (!target.TryGetValue(name, out var current) || value > current)
            {
                target[name] = value;
            }
        }
    }
}
