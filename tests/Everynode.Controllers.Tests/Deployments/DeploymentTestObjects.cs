using Everynode.Controllers.Deployments;
using k8s.Models;

namespace Everynode.Controllers.Tests.Deployments;

internal static class DeploymentTestObjects
{
    public static readonly DateTimeOffset Now = new(2025, 1, 1, 1, 0, 0, TimeSpan.Zero);

    public static V1Deployment NewDeployment(int replicas = 3, string maxSurge = "25%", string maxUnavailable = "25%", string strategy = "RollingUpdate", string image = "busybox:1.37") => new()
    {
        Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default", Uid = "d-uid", Generation = 2 },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            RevisionHistoryLimit = 10,
            ProgressDeadlineSeconds = 600,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
            Strategy = strategy == "Recreate"
                ? new V1DeploymentStrategy { Type = "Recreate" }
                : new V1DeploymentStrategy { Type = "RollingUpdate", RollingUpdate = new V1RollingUpdateDeployment { MaxSurge = maxSurge, MaxUnavailable = maxUnavailable } },
            Template = Template(image),
        },
        Status = new V1DeploymentStatus(),
    };

    public static V1PodTemplateSpec Template(string image) => new()
    {
        Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "web" } },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "busybox", Image = image }] },
    };

    /// <summary>A ReplicaSet of the Deployment: <paramref name="replicas"/> wanted, <paramref name="available"/> available.</summary>
    public static V1ReplicaSet NewReplicaSet(string name, int replicas, int available, string image = "busybox:1.36", int revision = 1, int ageSeconds = 600)
    {
        var template = Template(image);
        template.Metadata.Labels[DeploymentAnnotations.PodTemplateHashLabel] = name;
        return new V1ReplicaSet
        {
            Metadata = new V1ObjectMeta
            {
                Name = "web-" + name,
                NamespaceProperty = "default",
                Uid = "uid-" + name,
                Generation = 1,
                CreationTimestamp = Now.UtcDateTime.AddSeconds(-ageSeconds),
                Annotations = new Dictionary<string, string> { [DeploymentAnnotations.Revision] = revision.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            },
            Spec = new V1ReplicaSetSpec { Replicas = replicas, Template = template },
            Status = new V1ReplicaSetStatus { Replicas = replicas, ReadyReplicas = available, AvailableReplicas = available, ObservedGeneration = 1 },
        };
    }
}
