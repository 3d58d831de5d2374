using System.Reflection;
using k8s.Models;

namespace Everynode.Api.OpenApi;

/// <summary>
/// Upstream's required fields (the fields without <c>omitempty</c>/<c>+optional</c> in k8s.io/api types.go) of the
/// types the served kinds use. The KubernetesClient models do not carry requiredness (every property is settable
/// and constructors take no parameters), so it is listed here; every *List kind additionally requires <c>items</c>.
/// </summary>
internal static class RequiredFields
{
    private static readonly Dictionary<Type, string[]> Table = new()
    {
        [typeof(V1OwnerReference)] = ["apiVersion", "kind", "name", "uid"],
        [typeof(V1LabelSelectorRequirement)] = ["key", "operator"],
        [typeof(V1DaemonSetSpec)] = ["selector", "template"],
        [typeof(V1DaemonSetStatus)] = ["currentNumberScheduled", "numberMisscheduled", "desiredNumberScheduled", "numberReady"],
        [typeof(V1DaemonSetCondition)] = ["type", "status"],
        [typeof(V1ControllerRevision)] = ["revision"],
        [typeof(V1PodSpec)] = ["containers"],
        [typeof(V1Container)] = ["name"],
        [typeof(V1ContainerPort)] = ["containerPort"],
        [typeof(V1EnvVar)] = ["name"],
        [typeof(V1VolumeMount)] = ["name", "mountPath"],
        [typeof(V1VolumeDevice)] = ["name", "devicePath"],
        [typeof(V1Volume)] = ["name"],
        [typeof(V1HostPathVolumeSource)] = ["path"],
        [typeof(V1KeyToPath)] = ["key", "path"],
        [typeof(V1ConfigMapKeySelector)] = ["key"],
        [typeof(V1SecretKeySelector)] = ["key"],
        [typeof(V1ObjectFieldSelector)] = ["fieldPath"],
        [typeof(V1ResourceFieldSelector)] = ["resource"],
        [typeof(V1HTTPGetAction)] = ["port"],
        [typeof(V1TCPSocketAction)] = ["port"],
        [typeof(V1Sysctl)] = ["name", "value"],
        [typeof(V1HostAlias)] = ["ip"],
        [typeof(V1PodReadinessGate)] = ["conditionType"],
        [typeof(V1PodSchedulingGate)] = ["name"],
        [typeof(V1PodResourceClaim)] = ["name"],
        [typeof(V1NodeSelector)] = ["nodeSelectorTerms"],
        [typeof(V1NodeSelectorRequirement)] = ["key", "operator"],
        [typeof(V1PreferredSchedulingTerm)] = ["weight", "preference"],
        [typeof(V1PodAffinityTerm)] = ["topologyKey"],
        [typeof(V1WeightedPodAffinityTerm)] = ["weight", "podAffinityTerm"],
        [typeof(V1TopologySpreadConstraint)] = ["maxSkew", "topologyKey", "whenUnsatisfiable"],
        [typeof(V1Taint)] = ["key", "effect"],
        [typeof(V1PodCondition)] = ["type", "status"],
        [typeof(V1PodIP)] = ["ip"],
        [typeof(V1HostIP)] = ["ip"],
        [typeof(V1ContainerStatus)] = ["name", "ready", "restartCount", "image", "imageID"],
        [typeof(V1NodeCondition)] = ["type", "status"],
        [typeof(V1NodeAddress)] = ["type", "address"],
        [typeof(V1DaemonEndpoint)] = ["Port"],
        [typeof(V1AttachedVolume)] = ["name", "devicePath"],
        [typeof(V1NodeSystemInfo)] =
        [
            "machineID", "systemUUID", "bootID", "kernelVersion", "osImage", "containerRuntimeVersion", "kubeletVersion",
            "kubeProxyVersion", "operatingSystem", "architecture",
        ],
        [typeof(V1NamespaceCondition)] = ["type", "status"],
        [typeof(V1ServicePort)] = ["port"],
        [typeof(Corev1Event)] = ["metadata", "involvedObject"],
        [typeof(V1Binding)] = ["target"],
        [typeof(V1WatchEvent)] = ["type", "object"],
        [typeof(V1APIResource)] = ["name", "singularName", "namespaced", "kind", "verbs"],
        [typeof(V1APIResourceList)] = ["groupVersion", "resources"],
    };

    public static IReadOnlyList<string> For(Type type)
    {
        if (Table.TryGetValue(type, out var fields))
        {
            return fields;
        }

        return type.GetCustomAttribute<KubernetesEntityAttribute>()?.Kind is { } kind && kind.EndsWith("List", StringComparison.Ordinal)
            && type.GetProperty("Items") is not null ? ["items"] : [];
    }
}
