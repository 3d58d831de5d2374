using System.Globalization;
using k8s.Models;

namespace Everynode.Api.DaemonSets;

/// <summary>Accepted DaemonSets that will misbehave: told to the user as response warnings (beyond upstream).</summary>
public static class DaemonSetWarnings
{
    /// <summary>
    /// maxSurge &gt; 0 with host ports: the surge pod needs the same port on the same node while the old pod still
    /// holds it, so the scheduler can never place it, the old pod is never deleted and the rollout stalls for good
    /// (kubernetes/kubernetes#106417). hostNetwork makes every container port a host port.
    /// </summary>
    public static IReadOnlyList<string> Get(V1DaemonSet ds)
    {
        ArgumentNullException.ThrowIfNull(ds);
        var strategy = ds.Spec?.UpdateStrategy;
        if (strategy?.Type != "RollingUpdate" || !IsPositive(strategy.RollingUpdate?.MaxSurge))
        {
            return [];
        }

        var spec = ds.Spec?.Template?.Spec;
        var hostNetwork = spec?.HostNetwork == true;
        var ports = (spec?.Containers ?? []).Concat(spec?.InitContainers ?? [])
            .SelectMany(c => c.Ports ?? [])
            .Select(p => p.HostPort is > 0 ? p.HostPort.Value : hostNetwork ? p.ContainerPort : 0)
            .Where(p => p > 0)
            .Distinct()
            .Order()
            .ToList();
        if (ports.Count == 0)
        {
            return [];
        }

        var list = string.Join(", ", ports.Select(p => p.ToString(CultureInfo.InvariantCulture)));
        return
        [
            $"spec.updateStrategy.rollingUpdate.maxSurge: the pod template uses host port(s) {list}; a surge pod cannot start beside the old pod that holds them on the same node, so the rollout will stall (use maxUnavailable instead)",
        ];
    }

    // Integral text is an int, "N%" a percentage; anything else fails validation elsewhere.
    private static bool IsPositive(IntOrString? value)
    {
        var text = value?.Value;
        if (text is null)
        {
            return false;
        }

        var number = text.EndsWith('%') ? text[..^1] : text;
        return int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0;
    }
}
