using k8s.Models;

namespace Everynode.Api.Patching;

/// <summary>
/// Upstream's <c>patchStrategy</c>/<c>patchMergeKey</c> struct tags (k8s.io/api core/v1, apps/v1 and
/// k8s.io/apimachinery meta/v1 types.go), keyed by the KubernetesClient model type and JSON field name.
/// A list field that is not in this table is atomic: a patch replaces it whole.
/// </summary>
internal static class PatchStrategyTags
{
    private const string Merge = "merge";
    private const string MergeRetainKeys = "merge,retainKeys";

    private static readonly Dictionary<(Type Owner, string Field), (string Strategy, string? MergeKey)> Tags = new()
    {
        // meta/v1
        [(typeof(V1ObjectMeta), "finalizers")] = (Merge, null),
        [(typeof(V1ObjectMeta), "ownerReferences")] = (Merge, "uid"),

        // core/v1 PodSpec and containers
        [(typeof(V1PodSpec), "volumes")] = (MergeRetainKeys, "name"),
        [(typeof(V1PodSpec), "initContainers")] = (Merge, "name"),
        [(typeof(V1PodSpec), "containers")] = (Merge, "name"),
        [(typeof(V1PodSpec), "ephemeralContainers")] = (Merge, "name"),
        [(typeof(V1PodSpec), "imagePullSecrets")] = (Merge, "name"),
        [(typeof(V1PodSpec), "hostAliases")] = (Merge, "ip"),
        [(typeof(V1PodSpec), "topologySpreadConstraints")] = (Merge, "topologyKey"),
        [(typeof(V1PodSpec), "schedulingGates")] = (Merge, "name"),
        [(typeof(V1PodSpec), "resourceClaims")] = (MergeRetainKeys, "name"),
        [(typeof(V1Container), "ports")] = (Merge, "containerPort"),
        [(typeof(V1Container), "env")] = (Merge, "name"),
        [(typeof(V1Container), "volumeMounts")] = (Merge, "mountPath"),
        [(typeof(V1Container), "volumeDevices")] = (Merge, "devicePath"),
        [(typeof(V1EphemeralContainer), "ports")] = (Merge, "containerPort"),
        [(typeof(V1EphemeralContainer), "env")] = (Merge, "name"),
        [(typeof(V1EphemeralContainer), "volumeMounts")] = (Merge, "mountPath"),
        [(typeof(V1EphemeralContainer), "volumeDevices")] = (Merge, "devicePath"),
        [(typeof(V1ContainerStatus), "volumeMounts")] = (Merge, "mountPath"),
        [(typeof(V1ContainerStatus), "allocatedResourcesStatus")] = (Merge, "name"),

        // core/v1 statuses
        [(typeof(V1PodStatus), "conditions")] = (Merge, "type"),
        [(typeof(V1PodStatus), "hostIPs")] = (Merge, "ip"),
        [(typeof(V1PodStatus), "podIPs")] = (Merge, "ip"),
        [(typeof(V1PodStatus), "resourceClaimStatuses")] = (MergeRetainKeys, "name"),
        [(typeof(V1NodeSpec), "podCIDRs")] = (Merge, null),
        [(typeof(V1NodeStatus), "conditions")] = (Merge, "type"),
        [(typeof(V1NodeStatus), "addresses")] = (Merge, "type"),
        [(typeof(V1NamespaceStatus), "conditions")] = (Merge, "type"),
        [(typeof(V1PersistentVolumeClaimStatus), "conditions")] = (Merge, "type"),
        [(typeof(V1ReplicationControllerStatus), "conditions")] = (Merge, "type"),
        [(typeof(V1ServiceStatus), "conditions")] = (Merge, "type"),
        [(typeof(V1ServiceSpec), "ports")] = (Merge, "port"),
        [(typeof(V1ServiceAccount), "secrets")] = (Merge, "name"),
        [(typeof(V1ComponentStatus), "conditions")] = (Merge, "type"),

        // apps/v1
        [(typeof(V1DaemonSetStatus), "conditions")] = (Merge, "type"),
        [(typeof(V1DeploymentStatus), "conditions")] = (Merge, "type"),
        [(typeof(V1DeploymentSpec), "strategy")] = ("retainKeys", null),
        [(typeof(V1ReplicaSetStatus), "conditions")] = (Merge, "type"),
        [(typeof(V1StatefulSetStatus), "conditions")] = (Merge, "type"),
    };

    public static bool TryGet(Type owner, string field, out string strategy, out string? mergeKey)
    {
        if (Tags.TryGetValue((owner, field), out var tag))
        {
            (strategy, mergeKey) = tag;
            return true;
        }

        (strategy, mergeKey) = (string.Empty, null);
        return false;
    }
}
