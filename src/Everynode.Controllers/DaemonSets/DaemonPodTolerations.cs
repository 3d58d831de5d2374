using Everynode.Api.Scheduling;
using k8s.Models;

namespace Everynode.Controllers.DaemonSets;

/// <summary>
/// The tolerations every daemon pod carries, so that node problems neither keep it off a node nor evict it.
/// They go into pods (and the virtual pod of <see cref="DaemonSetPredicates"/>), never back into the template.
/// </summary>
public static class DaemonPodTolerations
{
    public const string NotReady = "node.kubernetes.io/not-ready";
    public const string Unreachable = "node.kubernetes.io/unreachable";
    public const string DiskPressure = "node.kubernetes.io/disk-pressure";
    public const string MemoryPressure = "node.kubernetes.io/memory-pressure";
    public const string PidPressure = "node.kubernetes.io/pid-pressure";
    public const string Unschedulable = "node.kubernetes.io/unschedulable";
    public const string NetworkUnavailable = "node.kubernetes.io/network-unavailable";

    /// <summary>Adds the automatic tolerations to <paramref name="spec"/> (a copy the caller owns), in upstream's order.</summary>
    public static void AddOrUpdateDaemonPodTolerations(V1PodSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        AddOrUpdateToleration(spec, Exists(NotReady, TaintEffects.NoExecute));
        AddOrUpdateToleration(spec, Exists(Unreachable, TaintEffects.NoExecute));
        AddOrUpdateToleration(spec, Exists(DiskPressure, TaintEffects.NoSchedule));
        AddOrUpdateToleration(spec, Exists(MemoryPressure, TaintEffects.NoSchedule));
        AddOrUpdateToleration(spec, Exists(PidPressure, TaintEffects.NoSchedule));
        AddOrUpdateToleration(spec, Exists(Unschedulable, TaintEffects.NoSchedule));
        if (spec.HostNetwork == true)
        {
            AddOrUpdateToleration(spec, Exists(NetworkUnavailable, TaintEffects.NoSchedule));
        }
    }

    /// <summary>
    /// Upstream's AddOrUpdateTolerationInPodSpec: a toleration with the same key, operator, value and effect is
    /// replaced in place (left alone when identical, tolerationSeconds included); otherwise the new one is appended.
    /// Returns whether the list changed.
    /// </summary>
    public static bool AddOrUpdateToleration(V1PodSpec spec, V1Toleration toleration)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(toleration);
        var result = new List<V1Toleration>();
        var updated = false;
        foreach (var existing in spec.Tolerations ?? [])
        {
            if (SameToleration(existing, toleration))
            {
                if (existing.TolerationSeconds == toleration.TolerationSeconds)
                {
                    return false;
                }

                result.Add(toleration);
                updated = true;
                continue;
            }

            result.Add(existing);
        }

        if (!updated)
        {
            result.Add(toleration);
        }

        spec.Tolerations = result;
        return true;
    }

    private static bool SameToleration(V1Toleration a, V1Toleration b) =>
        (a.Key ?? "") == (b.Key ?? "") && (a.OperatorProperty ?? "") == (b.OperatorProperty ?? "")
        && (a.Value ?? "") == (b.Value ?? "") && (a.Effect ?? "") == (b.Effect ?? "");

    private static V1Toleration Exists(string key, string effect) =>
        new() { Key = key, OperatorProperty = "Exists", Effect = effect };
}
