using k8s.Models;

namespace Everynode.Controllers.Tests.ReplicaSets;

internal static class ReplicaSetTestObjects
{
    public static readonly DateTimeOffset Now = new(2025, 1, 1, 1, 0, 0, TimeSpan.Zero);

    public static V1ReplicaSet NewReplicaSet(string name = "web", int replicas = 3, string uid = "rs-uid", int minReadySeconds = 0) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "ReplicaSet",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default", Uid = uid, Generation = 1, ResourceVersion = "1" },
        Spec = new V1ReplicaSetSpec
        {
            Replicas = replicas,
            MinReadySeconds = minReadySeconds,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = "busybox:1.36" }] },
            },
        },
        Status = new V1ReplicaSetStatus { Replicas = 0 },
    };

    /// <summary>A pod of <paramref name="owner"/> (or an orphan), Running and Ready unless told otherwise.</summary>
    public static V1Pod NewPod(
        string name,
        V1ReplicaSet? owner = null,
        string? node = "node-0",
        string phase = "Running",
        bool ready = true,
        int ageSeconds = 600,
        int readyForSeconds = 600,
        int restarts = 0,
        int? deletionCost = null,
        string app = "web") => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = "default",
            Uid = "uid-" + name,
            ResourceVersion = "1",
            CreationTimestamp = Now.UtcDateTime.AddSeconds(-ageSeconds),
            Labels = new Dictionary<string, string> { ["app"] = app },
            Annotations = deletionCost is { } cost ? new Dictionary<string, string> { ["controller.kubernetes.io/pod-deletion-cost"] = cost.ToString(System.Globalization.CultureInfo.InvariantCulture) } : null,
            OwnerReferences = owner is null ? null :
            [
                new V1OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = owner.Metadata.Name, Uid = owner.Metadata.Uid, Controller = true },
            ],
        },
        Spec = new V1PodSpec { NodeName = node, Containers = [new V1Container { Name = "main", Image = "busybox:1.36" }] },
        Status = new V1PodStatus
        {
            Phase = phase,
            Conditions = [new V1PodCondition { Type = "Ready", Status = ready ? "True" : "False", LastTransitionTime = Now.UtcDateTime.AddSeconds(-readyForSeconds) }],
            ContainerStatuses = [new V1ContainerStatus { Name = "main", Image = "busybox:1.36", ImageID = "", Ready = ready, RestartCount = restarts }],
        },
    };
}
