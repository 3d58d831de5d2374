using Everynode.Api.Pods;
using k8s.Models;

namespace Everynode.Api.Deployments;

/// <summary>
/// apps/v1 Deployment defaults: one replica, RollingUpdate with maxUnavailable and maxSurge 25%, revisionHistoryLimit
/// 10, progressDeadlineSeconds 600, and the pod spec defaults on the template.
/// </summary>
public static class DeploymentDefaults
{
    public const int DefaultRevisionHistoryLimit = 10;
    public const int DefaultProgressDeadlineSeconds = 600;
    public const string DefaultMaxUnavailable = "25%";
    public const string DefaultMaxSurge = "25%";

    public static void Apply(V1Deployment deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        var spec = deployment.Spec ??= new V1DeploymentSpec();
        spec.Replicas ??= 1;
        var strategy = spec.Strategy ??= new V1DeploymentStrategy();
        if (string.IsNullOrEmpty(strategy.Type))
        {
            strategy.Type = "RollingUpdate";
        }

        if (strategy.Type == "RollingUpdate")
        {
            var rollingUpdate = strategy.RollingUpdate ??= new V1RollingUpdateDeployment();
            rollingUpdate.MaxUnavailable ??= DefaultMaxUnavailable;
            rollingUpdate.MaxSurge ??= DefaultMaxSurge;
        }

        spec.RevisionHistoryLimit ??= DefaultRevisionHistoryLimit;
        spec.ProgressDeadlineSeconds ??= DefaultProgressDeadlineSeconds;
        spec.Template ??= new V1PodTemplateSpec();
        PodSpecDefaults.Apply(spec.Template.Spec ??= new V1PodSpec());
    }
}
