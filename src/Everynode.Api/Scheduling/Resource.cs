using k8s.Models;

namespace Everynode.Api.Scheduling;

/// <summary>
/// A vector of resources in the scheduler's integer units (upstream framework.Resource): milli-CPU, bytes of
/// memory and ephemeral storage, the number of pods allowed (only meaningful for allocatable), and scalar
/// resources by name. Mutable so that node totals can be kept up to date as pods come and go.
/// </summary>
public sealed class Resource
{
    public long MilliCpu { get; set; }

    public long Memory { get; set; }

    public long EphemeralStorage { get; set; }

    public long AllowedPodNumber { get; set; }

    public Dictionary<string, long> ScalarResources { get; } = new(StringComparer.Ordinal);

    /// <summary>A resource vector from a resource list such as node allocatable or a pod's summed requests.</summary>
    public static Resource From(IDictionary<string, ResourceQuantity>? list)
    {
        var result = new Resource();
        foreach (var (name, quantity) in list ?? new Dictionary<string, ResourceQuantity>())
        {
            result.Add(name, ResourceQuantities.ForResource(name, quantity));
        }

        return result;
    }

    /// <summary>A resource vector from exact sums (as PodRequests keeps them), rounded up to integer units.</summary>
    public static Resource FromExact(IReadOnlyDictionary<string, decimal> amounts)
    {
        var result = new Resource();
        foreach (var (name, amount) in amounts)
        {
            result.Add(name, ResourceQuantities.RoundUp(amount, name == ResourceNames.Cpu ? 1000m : 1m));
        }

        return result;
    }

    public long Get(string name) => name switch
    {
        ResourceNames.Cpu => MilliCpu,
        ResourceNames.Memory => Memory,
        ResourceNames.EphemeralStorage => EphemeralStorage,
        ResourceNames.Pods => AllowedPodNumber,
        _ => ScalarResources.GetValueOrDefault(name),
    };

    /// <summary>Adds an amount of one resource; names the scheduler does not track are ignored.</summary>
    public void Add(string name, long amount)
    {
        switch (name)
        {
            case ResourceNames.Cpu: MilliCpu += amount; break;
            case ResourceNames.Memory: Memory += amount; break;
            case ResourceNames.EphemeralStorage: EphemeralStorage += amount; break;
            case ResourceNames.Pods: AllowedPodNumber += amount; break;
            default:
                if (ResourceNames.IsScalar(name))
                {
                    ScalarResources[name] = ScalarResources.GetValueOrDefault(name) + amount;
                }

                break;
        }
    }

    public void Add(Resource other) => Apply(other, 1);

    public void Subtract(Resource other) => Apply(other, -1);

    public Resource Clone()
    {
        var clone = new Resource();
        clone.Add(this);
        return clone;
    }

    private void Apply(Resource other, long sign)
    {
        MilliCpu += sign * other.MilliCpu;
        Memory += sign * other.Memory;
        EphemeralStorage += sign * other.EphemeralStorage;
        AllowedPodNumber += sign * other.AllowedPodNumber;
        foreach (var (name, amount) in other.ScalarResources)
        {
            ScalarResources[name] = ScalarResources.GetValueOrDefault(name) + (sign * amount);
        }
    }
}
