using Everynode.Api.Pods;
using k8s.Models;

namespace Everynode.Api.DaemonSets;

/// <summary>
/// apps/v1 DaemonSet defaults: RollingUpdate strategy with maxUnavailable 1 and maxSurge 0,
/// revisionHistoryLimit 10, and the pod spec defaults on the template. No selector defaulting in apps/v1.
/// </summary>
public static class DaemonSetDefaults
{
    public const int DefaultRevisionHistoryLimit = 10;

    public static void Apply(V1DaemonSet ds)
    {
        var spec = ds.Spec ??= new V1DaemonSetSpec();
        var strategy = spec.UpdateStrategy ??= new V1DaemonSetUpdateStrategy();
        if (string.IsNullOrEmpty(strategy.Type))
        {
            strategy.Type = "RollingUpdate";
        }

        if (strategy.Type == "RollingUpdate")
        {
            var rollingUpdate = strategy.RollingUpdate ??= new V1RollingUpdateDaemonSet();

            // IntOrString built from an int serializes as a JSON number.
            rollingUpdate.MaxUnavailable ??= 1;
            rollingUpdate.MaxSurge ??= 0;
        }

        spec.RevisionHistoryLimit ??= DefaultRevisionHistoryLimit;
        spec.Template ??= new V1PodTemplateSpec();
        PodSpecDefaults.Apply(spec.Template.Spec ??= new V1PodSpec());
    }
}
