using k8s.Models;

namespace Everynode.Api.Pods;

/// <summary>
/// Defaults upstream applies only to Pods (not to templates): service links on, requests copied from limits,
/// hostPort = containerPort with hostNetwork, and priority 0 (what the Priority admission plugin sets without a class).
/// </summary>
public static class PodDefaults
{
    public static void Apply(V1Pod pod)
    {
        var spec = pod.Spec ??= new V1PodSpec();
        PodSpecDefaults.Apply(spec);
        spec.EnableServiceLinks ??= true;
        spec.Priority ??= 0;
        foreach (var c in (spec.Containers ?? []).Concat(spec.InitContainers ?? []))
        {
            DefaultRequestsFromLimits(c);
            if (spec.HostNetwork == true)
            {
                foreach (var p in c.Ports ?? [])
                {
                    if (p.HostPort is null or 0)
                    {
                        p.HostPort = p.ContainerPort;
                    }
                }
            }
        }
    }

    private static void DefaultRequestsFromLimits(V1Container c)
    {
        if (c.Resources?.Limits is not { Count: > 0 } limits)
        {
            return;
        }

        c.Resources.Requests ??= new Dictionary<string, ResourceQuantity>();
        foreach (var (name, quantity) in limits)
        {
            if (!c.Resources.Requests.ContainsKey(name))
            {
                c.Resources.Requests[name] = new ResourceQuantity(quantity.ToString());
            }
        }
    }
}
