namespace Everynode.ApiServer.Protobuf;

/// <summary>How one protobuf field maps to JSON.</summary>
internal enum ProtoFieldKind
{
    String,
    Int,
    Bool,
    Message,
    StringMap,
    QuantityMap,
    IntOrString,
    ObjectMeta,

    /// <summary>Read and dropped (a Deployment's status on create).</summary>
    Ignored,
}

/// <summary>A field of a message: its JSON name, kind, whether it repeats, and the message type it holds.</summary>
internal sealed record ProtoField(string Name, ProtoFieldKind Kind, bool Repeated = false, string? Message = null);

/// <summary>
/// The protobuf field numbers (from upstream's generated.proto of apps/v1 and core/v1) of what kubectl's typed
/// client can send in a Deployment, as <c>kubectl create deployment</c> builds it: metadata, replicas, selector,
/// strategy, and a pod template with containers (command, args, ports, env, resources), node selector and
/// tolerations. A field not listed here is refused unless it holds Go's zero value (the generated marshaller writes
/// zero-valued scalars), so nothing a client sent is silently lost.
/// </summary>
internal static class ProtobufSchema
{
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<int, ProtoField>> Messages { get; } = new Dictionary<string, IReadOnlyDictionary<int, ProtoField>>
    {
        ["Deployment"] = new Dictionary<int, ProtoField>
        {
            [1] = new("metadata", ProtoFieldKind.ObjectMeta),
            [2] = new("spec", ProtoFieldKind.Message, Message: "DeploymentSpec"),
            [3] = new("status", ProtoFieldKind.Ignored),
        },
        ["DeploymentSpec"] = new Dictionary<int, ProtoField>
        {
            [1] = new("replicas", ProtoFieldKind.Int),
            [2] = new("selector", ProtoFieldKind.Message, Message: "LabelSelector"),
            [3] = new("template", ProtoFieldKind.Message, Message: "PodTemplateSpec"),
            [4] = new("strategy", ProtoFieldKind.Message, Message: "DeploymentStrategy"),
            [5] = new("minReadySeconds", ProtoFieldKind.Int),
            [6] = new("revisionHistoryLimit", ProtoFieldKind.Int),
            [7] = new("paused", ProtoFieldKind.Bool),
            [9] = new("progressDeadlineSeconds", ProtoFieldKind.Int),
        },
        ["DeploymentStrategy"] = new Dictionary<int, ProtoField>
        {
            [1] = new("type", ProtoFieldKind.String),
            [2] = new("rollingUpdate", ProtoFieldKind.Message, Message: "RollingUpdateDeployment"),
        },
        ["RollingUpdateDeployment"] = new Dictionary<int, ProtoField>
        {
            [1] = new("maxUnavailable", ProtoFieldKind.IntOrString),
            [2] = new("maxSurge", ProtoFieldKind.IntOrString),
        },
        ["LabelSelector"] = new Dictionary<int, ProtoField>
        {
            [1] = new("matchLabels", ProtoFieldKind.StringMap),
            [2] = new("matchExpressions", ProtoFieldKind.Message, Repeated: true, Message: "LabelSelectorRequirement"),
        },
        ["LabelSelectorRequirement"] = new Dictionary<int, ProtoField>
        {
            [1] = new("key", ProtoFieldKind.String),
            [2] = new("operator", ProtoFieldKind.String),
            [3] = new("values", ProtoFieldKind.String, Repeated: true),
        },
        ["PodTemplateSpec"] = new Dictionary<int, ProtoField>
        {
            [1] = new("metadata", ProtoFieldKind.ObjectMeta),
            [2] = new("spec", ProtoFieldKind.Message, Message: "PodSpec"),
        },
        ["PodSpec"] = new Dictionary<int, ProtoField>
        {
            [2] = new("containers", ProtoFieldKind.Message, Repeated: true, Message: "Container"),
            [3] = new("restartPolicy", ProtoFieldKind.String),
            [4] = new("terminationGracePeriodSeconds", ProtoFieldKind.Int),
            [6] = new("dnsPolicy", ProtoFieldKind.String),
            [7] = new("nodeSelector", ProtoFieldKind.StringMap),
            [8] = new("serviceAccountName", ProtoFieldKind.String),
            [10] = new("nodeName", ProtoFieldKind.String),
            [11] = new("hostNetwork", ProtoFieldKind.Bool),
            [19] = new("schedulerName", ProtoFieldKind.String),
            [20] = new("initContainers", ProtoFieldKind.Message, Repeated: true, Message: "Container"),
            [22] = new("tolerations", ProtoFieldKind.Message, Repeated: true, Message: "Toleration"),
        },
        ["Container"] = new Dictionary<int, ProtoField>
        {
            [1] = new("name", ProtoFieldKind.String),
            [2] = new("image", ProtoFieldKind.String),
            [3] = new("command", ProtoFieldKind.String, Repeated: true),
            [4] = new("args", ProtoFieldKind.String, Repeated: true),
            [5] = new("workingDir", ProtoFieldKind.String),
            [6] = new("ports", ProtoFieldKind.Message, Repeated: true, Message: "ContainerPort"),
            [7] = new("env", ProtoFieldKind.Message, Repeated: true, Message: "EnvVar"),
            [8] = new("resources", ProtoFieldKind.Message, Message: "ResourceRequirements"),
            [13] = new("terminationMessagePath", ProtoFieldKind.String),
            [14] = new("imagePullPolicy", ProtoFieldKind.String),
            [16] = new("stdin", ProtoFieldKind.Bool),
            [17] = new("stdinOnce", ProtoFieldKind.Bool),
            [18] = new("tty", ProtoFieldKind.Bool),
            [20] = new("terminationMessagePolicy", ProtoFieldKind.String),
        },
        ["ContainerPort"] = new Dictionary<int, ProtoField>
        {
            [1] = new("name", ProtoFieldKind.String),
            [2] = new("hostPort", ProtoFieldKind.Int),
            [3] = new("containerPort", ProtoFieldKind.Int),
            [4] = new("protocol", ProtoFieldKind.String),
            [5] = new("hostIP", ProtoFieldKind.String),
        },
        ["EnvVar"] = new Dictionary<int, ProtoField>
        {
            [1] = new("name", ProtoFieldKind.String),
            [2] = new("value", ProtoFieldKind.String),
        },
        ["ResourceRequirements"] = new Dictionary<int, ProtoField>
        {
            [1] = new("limits", ProtoFieldKind.QuantityMap),
            [2] = new("requests", ProtoFieldKind.QuantityMap),
        },
        ["Toleration"] = new Dictionary<int, ProtoField>
        {
            [1] = new("key", ProtoFieldKind.String),
            [2] = new("operator", ProtoFieldKind.String),
            [3] = new("value", ProtoFieldKind.String),
            [4] = new("effect", ProtoFieldKind.String),
            [5] = new("tolerationSeconds", ProtoFieldKind.Int),
        },
    };
}
