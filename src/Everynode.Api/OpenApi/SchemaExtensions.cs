using System.Text.Json.Nodes;
using k8s.Models;

namespace Everynode.Api.OpenApi;

/// <summary>
/// What the C# models cannot say about upstream's schemas: which timestamps are MicroTime, which untyped fields are
/// RawExtension or FieldsV1, and the <c>+listType</c>/<c>+mapType</c> markers (k8s.io/api types.go) of the served
/// kinds' fields. The patch strategies live in <see cref="Patching.PatchStrategyTags"/>.
/// </summary>
public static class SchemaExtensions
{
    public sealed record ListTypeTag(string Type, IReadOnlyList<string> MapKeys);

    private static readonly HashSet<(Type Owner, string Field)> MicroTimes =
    [
        (typeof(V1LeaseSpec), "acquireTime"),
        (typeof(V1LeaseSpec), "renewTime"),
        (typeof(Corev1Event), "eventTime"),
        (typeof(Corev1EventSeries), "lastObservedTime"),
        (typeof(Eventsv1Event), "eventTime"),
        (typeof(Eventsv1EventSeries), "lastObservedTime"),
    ];

    private static readonly Dictionary<(Type Owner, string Field), string> ObjectFields = new()
    {
        [(typeof(V1ControllerRevision), "data")] = SchemaNames.RawExtension,
        [(typeof(V1ManagedFieldsEntry), "fieldsV1")] = SchemaNames.FieldsV1,
        [(typeof(V1WatchEvent), "object")] = SchemaNames.RawExtension,
    };

    private static readonly ListTypeTag Atomic = new("atomic", []);
    private static readonly ListTypeTag Set = new("set", []);

    private static ListTypeTag Map(params string[] keys) => new("map", keys);

    private static readonly Dictionary<(Type Owner, string Field), ListTypeTag> ListTypes = new()
    {
        [(typeof(V1ObjectMeta), "finalizers")] = Set,
        [(typeof(V1ObjectMeta), "ownerReferences")] = Map("uid"),
        [(typeof(V1ObjectMeta), "managedFields")] = Atomic,
        [(typeof(V1LabelSelector), "matchExpressions")] = Atomic,
        [(typeof(V1LabelSelectorRequirement), "values")] = Atomic,
        [(typeof(V1PodSpec), "containers")] = Map("name"),
        [(typeof(V1PodSpec), "initContainers")] = Map("name"),
        [(typeof(V1PodSpec), "ephemeralContainers")] = Map("name"),
        [(typeof(V1PodSpec), "volumes")] = Map("name"),
        [(typeof(V1PodSpec), "imagePullSecrets")] = Map("name"),
        [(typeof(V1PodSpec), "hostAliases")] = Map("ip"),
        [(typeof(V1PodSpec), "tolerations")] = Atomic,
        [(typeof(V1PodSpec), "topologySpreadConstraints")] = Map("topologyKey", "whenUnsatisfiable"),
        [(typeof(V1PodSpec), "schedulingGates")] = Map("name"),
        [(typeof(V1PodSpec), "resourceClaims")] = Map("name"),
        [(typeof(V1Container), "command")] = Atomic,
        [(typeof(V1Container), "args")] = Atomic,
        [(typeof(V1Container), "ports")] = Map("containerPort", "protocol"),
        [(typeof(V1Container), "env")] = Map("name"),
        [(typeof(V1Container), "envFrom")] = Atomic,
        [(typeof(V1Container), "volumeMounts")] = Map("mountPath"),
        [(typeof(V1Container), "volumeDevices")] = Map("devicePath"),
        [(typeof(V1PodStatus), "conditions")] = Map("type"),
        [(typeof(V1PodStatus), "podIPs")] = Map("ip"),
        [(typeof(V1PodStatus), "hostIPs")] = Map("ip"),
        [(typeof(V1PodStatus), "containerStatuses")] = Atomic,
        [(typeof(V1PodStatus), "initContainerStatuses")] = Atomic,
        [(typeof(V1NodeSpec), "podCIDRs")] = Set,
        [(typeof(V1NodeSpec), "taints")] = Atomic,
        [(typeof(V1NodeStatus), "conditions")] = Map("type"),
        [(typeof(V1NodeStatus), "addresses")] = Map("type"),
        [(typeof(V1NodeSelector), "nodeSelectorTerms")] = Atomic,
        [(typeof(V1NodeSelectorTerm), "matchExpressions")] = Atomic,
        [(typeof(V1NodeSelectorTerm), "matchFields")] = Atomic,
        [(typeof(V1NamespaceSpec), "finalizers")] = Atomic,
        [(typeof(V1NamespaceStatus), "conditions")] = Map("type"),
        [(typeof(V1DaemonSetStatus), "conditions")] = Map("type"),
        [(typeof(V1ServiceSpec), "ports")] = Map("port", "protocol"),
        [(typeof(V1ServiceSpec), "clusterIPs")] = Atomic,
        [(typeof(V1ServiceSpec), "ipFamilies")] = Atomic,
        [(typeof(V1ServiceStatus), "conditions")] = Map("type"),
    };

    /// <summary>Struct types upstream marks <c>+structType=atomic</c> (replaced whole by apply).</summary>
    private static readonly HashSet<Type> AtomicStructs =
    [
        typeof(V1LabelSelector), typeof(V1NodeSelector), typeof(V1NodeSelectorTerm), typeof(V1ObjectReference),
        typeof(V1LocalObjectReference), typeof(V1ConfigMapKeySelector), typeof(V1SecretKeySelector),
        typeof(V1ObjectFieldSelector), typeof(V1ResourceFieldSelector), typeof(V1TypedLocalObjectReference),
        typeof(V1ConfigMapEnvSource), typeof(V1SecretEnvSource),
    ];

    public static bool IsMicroTime(Type owner, string field) => MicroTimes.Contains((owner, field));

    public static string? NamedObjectField(Type owner, string field) => ObjectFields.GetValueOrDefault((owner, field));

    public static ListTypeTag? ListType(Type owner, string field) => ListTypes.GetValueOrDefault((owner, field));

    public static string? MapType(Type type) => AtomicStructs.Contains(type) ? "atomic" : null;

    /// <summary>The apimachinery schemas that have no model type of their own.</summary>
    public static JsonObject NamedSchema(string name) => name switch
    {
        SchemaNames.Time => new JsonObject
        {
            ["description"] = "Time is a wrapper around time.Time which supports correct marshaling to YAML and JSON.  Wrappers are provided for many of the factory methods that the time package offers.",
            ["format"] = "date-time",
            ["type"] = "string",
        },
        SchemaNames.MicroTime => new JsonObject
        {
            ["description"] = "MicroTime is version of Time with microsecond level precision.",
            ["format"] = "date-time",
            ["type"] = "string",
        },
        SchemaNames.RawExtension => new JsonObject
        {
            ["description"] = "RawExtension is used to hold extensions in external versions.",
            ["type"] = "object",
        },
        SchemaNames.FieldsV1 => new JsonObject
        {
            ["description"] = "FieldsV1 stores a set of fields in a data structure like a Trie, in JSON format.",
            ["type"] = "object",
        },
        SchemaNames.Patch => new JsonObject
        {
            ["description"] = "Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.",
            ["type"] = "object",
        },
        _ => throw new ArgumentException($"no hand-written schema named {name}", nameof(name)),
    };
}
