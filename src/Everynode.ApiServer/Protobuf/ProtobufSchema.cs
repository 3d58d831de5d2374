namespace Everynode.ApiServer.Protobuf;

/// <summary>
/// The protobuf messages the server reads, by upstream's field numbers (k8s.io/api generated.proto): what kubectl's
/// typed clients send as protobuf. A Deployment as <c>kubectl create deployment</c> builds it (metadata, replicas,
/// selector, strategy, a pod template with containers, node selector, tolerations), whose unlisted fields are
/// refused unless zero; Namespaces, Secrets, ConfigMaps and RBAC objects from <c>kubectl create</c>; and the specs
/// of the access reviews. One table, one decoder (<see cref="ProtobufMessageDecoder"/>).
/// </summary>
internal static class ProtobufSchema
{
    public static IReadOnlyDictionary<string, ProtoMessage> Messages { get; } = new Dictionary<string, ProtoMessage>(StringComparer.Ordinal)
    {
        ["Deployment"] = new ProtoMessage(new Dictionary<int, ProtoField>
        {
            [1] = new("metadata", ProtoFieldKind.Message, Message: "ObjectMeta"),
            [2] = new("spec", ProtoFieldKind.Message, Message: "DeploymentSpec"),
            [3] = new("status", ProtoFieldKind.Ignored),
        }),
        ["DeploymentSpec"] = new ProtoMessage(new Dictionary<int, ProtoField>
        {
            [1] = new("replicas", ProtoFieldKind.Int),
            [2] = new("selector", ProtoFieldKind.Message, Message: "LabelSelector"),
            [3] = new("template", ProtoFieldKind.Message, Message: "PodTemplateSpec"),
            [4] = new("strategy", ProtoFieldKind.Message, Message: "DeploymentStrategy"),
            [5] = new("minReadySeconds", ProtoFieldKind.Int),
            [6] = new("revisionHistoryLimit", ProtoFieldKind.Int),
            [7] = new("paused", ProtoFieldKind.Bool),
            [9] = new("progressDeadlineSeconds", ProtoFieldKind.Int),
        }),
        ["DeploymentStrategy"] = new ProtoMessage(new Dictionary<int, ProtoField>
        {
            [1] = new("type", ProtoFieldKind.String),
            [2] = new("rollingUpdate", ProtoFieldKind.Message, Message: "RollingUpdateDeployment"),
        }),
        ["RollingUpdateDeployment"] = new ProtoMessage(new Dictionary<int, ProtoField>
        {
            [1] = new("maxUnavailable", ProtoFieldKind.IntOrString),
            [2] = new("maxSurge", ProtoFieldKind.IntOrString),
        }),
        ["LabelSelector"] = new ProtoMessage(new Dictionary<int, ProtoField>
        {
            [1] = new("matchLabels", ProtoFieldKind.StringMap),
            [2] = new("matchExpressions", ProtoFieldKind.Message, Repeated: true, Message: "LabelSelectorRequirement"),
        }),
        ["LabelSelectorRequirement"] = new ProtoMessage(new Dictionary<int, ProtoField>
        {
            [1] = new("key", ProtoFieldKind.String, KeepEmpty: true),
            [2] = new("operator", ProtoFieldKind.String, KeepEmpty: true),
            [3] = new("values", ProtoFieldKind.String, Repeated: true),
        }),
        ["PodTemplateSpec"] = new ProtoMessage(new Dictionary<int, ProtoField>
        {
            [1] = new("metadata", ProtoFieldKind.Message, Message: "ObjectMeta"),
            [2] = new("spec", ProtoFieldKind.Message, Message: "PodSpec"),
        }),
        ["PodSpec"] = new ProtoMessage(new Dictionary<int, ProtoField>
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
        }),
        ["Container"] = new ProtoMessage(new Dictionary<int, ProtoField>
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
        }),
        ["ContainerPort"] = new ProtoMessage(new Dictionary<int, ProtoField>
        {
            [1] = new("name", ProtoFieldKind.String),
            [2] = new("hostPort", ProtoFieldKind.Int),
            [3] = new("containerPort", ProtoFieldKind.Int),
            [4] = new("protocol", ProtoFieldKind.String),
            [5] = new("hostIP", ProtoFieldKind.String),
        }),
        ["EnvVar"] = new ProtoMessage(new Dictionary<int, ProtoField>
        {
            [1] = new("name", ProtoFieldKind.String),
            [2] = new("value", ProtoFieldKind.String),
        }),
        ["ResourceRequirements"] = new ProtoMessage(new Dictionary<int, ProtoField>
        {
            [1] = new("limits", ProtoFieldKind.QuantityMap),
            [2] = new("requests", ProtoFieldKind.QuantityMap),
        }),
        ["Toleration"] = new ProtoMessage(new Dictionary<int, ProtoField>
        {
            [1] = new("key", ProtoFieldKind.String),
            [2] = new("operator", ProtoFieldKind.String),
            [3] = new("value", ProtoFieldKind.String),
            [4] = new("effect", ProtoFieldKind.String),
            [5] = new("tolerationSeconds", ProtoFieldKind.Int),
        }),
            // metav1.ObjectMeta: what a client may set on create; the rest (uid, resourceVersion, …) is the server's.
        ["ObjectMeta"] = new ProtoMessage(new Dictionary<int, ProtoField>
        {
            [1] = new("name", ProtoFieldKind.String),
            [2] = new("generateName", ProtoFieldKind.String),
            [3] = new("namespace", ProtoFieldKind.String),
            [11] = new("labels", ProtoFieldKind.StringMap),
            [12] = new("annotations", ProtoFieldKind.StringMap),
            [14] = new("finalizers", ProtoFieldKind.String, Repeated: true),
        }, SkipUnknown: true),

        // core/v1 Namespace, Secret, ConfigMap (kubectl create namespace|secret|configmap).
        ["Namespace"] = new ProtoMessage(new Dictionary<int, ProtoField>
        {
            [1] = new("metadata", ProtoFieldKind.Message, Message: "ObjectMeta"),
            [2] = new("spec", ProtoFieldKind.Message, Message: "NamespaceSpec"),
        }, SkipUnknown: true),
        ["NamespaceSpec"] = new ProtoMessage(new Dictionary<int, ProtoField>
        {
            [1] = new("finalizers", ProtoFieldKind.String, Repeated: true),
        }, SkipUnknown: true),
        ["Secret"] = new ProtoMessage(new Dictionary<int, ProtoField>
        {
            [1] = new("metadata", ProtoFieldKind.Message, Message: "ObjectMeta"),
            [2] = new("data", ProtoFieldKind.BytesMap),
            [3] = new("type", ProtoFieldKind.String, KeepEmpty: true),
            [4] = new("stringData", ProtoFieldKind.StringMap),
            [5] = new("immutable", ProtoFieldKind.Bool),
        }, SkipUnknown: true),
        ["ConfigMap"] = new ProtoMessage(new Dictionary<int, ProtoField>
        {
            [1] = new("metadata", ProtoFieldKind.Message, Message: "ObjectMeta"),
            [2] = new("data", ProtoFieldKind.StringMap),
            [3] = new("binaryData", ProtoFieldKind.BytesMap),
            [4] = new("immutable", ProtoFieldKind.Bool),
        }, SkipUnknown: true),

        // rbac/v1 (kubectl create role|clusterrole|rolebinding|clusterrolebinding); Role and ClusterRole share the layout.
        ["Role"] = new ProtoMessage(new Dictionary<int, ProtoField>
        {
            [1] = new("metadata", ProtoFieldKind.Message, Message: "ObjectMeta"),
            [2] = new("rules", ProtoFieldKind.Message, Repeated: true, Message: "PolicyRule", AlwaysPresent: true),
            [3] = new("aggregationRule", ProtoFieldKind.Message, Message: "AggregationRule"),
        }, SkipUnknown: true),
        ["PolicyRule"] = new ProtoMessage(new Dictionary<int, ProtoField>
        {
            [1] = new("verbs", ProtoFieldKind.String, Repeated: true),
            [2] = new("apiGroups", ProtoFieldKind.String, Repeated: true),
            [3] = new("resources", ProtoFieldKind.String, Repeated: true),
            [4] = new("resourceNames", ProtoFieldKind.String, Repeated: true),
            [5] = new("nonResourceURLs", ProtoFieldKind.String, Repeated: true),
        }, SkipUnknown: true),
        ["AggregationRule"] = new ProtoMessage(new Dictionary<int, ProtoField>
        {
            [1] = new("clusterRoleSelectors", ProtoFieldKind.Message, Repeated: true, Message: "LabelSelector", AlwaysPresent: true),
        }, SkipUnknown: true),
        ["RoleBinding"] = new ProtoMessage(new Dictionary<int, ProtoField>
        {
            [1] = new("metadata", ProtoFieldKind.Message, Message: "ObjectMeta"),
            [2] = new("subjects", ProtoFieldKind.Message, Repeated: true, Message: "Subject"),
            [3] = new("roleRef", ProtoFieldKind.Message, Message: "RoleRef"),
        }, SkipUnknown: true),
        ["Subject"] = new ProtoMessage(new Dictionary<int, ProtoField>
        {
            [1] = new("kind", ProtoFieldKind.String, KeepEmpty: true),
            [2] = new("apiGroup", ProtoFieldKind.String),
            [3] = new("name", ProtoFieldKind.String, KeepEmpty: true),
            [4] = new("namespace", ProtoFieldKind.String),
        }, SkipUnknown: true),
        ["RoleRef"] = new ProtoMessage(new Dictionary<int, ProtoField>
        {
            [1] = new("apiGroup", ProtoFieldKind.String, KeepEmpty: true),
            [2] = new("kind", ProtoFieldKind.String, KeepEmpty: true),
            [3] = new("name", ProtoFieldKind.String, KeepEmpty: true),
        }, SkipUnknown: true),

        // authorization/v1 reviews (kubectl auth can-i): only the spec is read.
        ["SubjectAccessReview"] = new ProtoMessage(new Dictionary<int, ProtoField>
        {
            [1] = new("metadata", ProtoFieldKind.Ignored),
            [2] = new("spec", ProtoFieldKind.Message, Message: "SubjectAccessReviewSpec"),
        }, SkipUnknown: true),
        ["SubjectAccessReviewSpec"] = new ProtoMessage(new Dictionary<int, ProtoField>
        {
            [1] = new("resourceAttributes", ProtoFieldKind.Message, Message: "ResourceAttributes"),
            [2] = new("nonResourceAttributes", ProtoFieldKind.Message, Message: "NonResourceAttributes"),
            [3] = new("user", ProtoFieldKind.String, KeepEmpty: true),
            [4] = new("groups", ProtoFieldKind.String, Repeated: true),
            [6] = new("uid", ProtoFieldKind.String, KeepEmpty: true),
        }, SkipUnknown: true),
        ["ResourceAttributes"] = new ProtoMessage(new Dictionary<int, ProtoField>
        {
            [1] = new("namespace", ProtoFieldKind.String, KeepEmpty: true),
            [2] = new("verb", ProtoFieldKind.String, KeepEmpty: true),
            [3] = new("group", ProtoFieldKind.String, KeepEmpty: true),
            [4] = new("version", ProtoFieldKind.String, KeepEmpty: true),
            [5] = new("resource", ProtoFieldKind.String, KeepEmpty: true),
            [6] = new("subresource", ProtoFieldKind.String, KeepEmpty: true),
            [7] = new("name", ProtoFieldKind.String, KeepEmpty: true),
        }, SkipUnknown: true),
        ["NonResourceAttributes"] = new ProtoMessage(new Dictionary<int, ProtoField>
        {
            [1] = new("path", ProtoFieldKind.String, KeepEmpty: true),
            [2] = new("verb", ProtoFieldKind.String, KeepEmpty: true),
        }, SkipUnknown: true),
        ["SelfSubjectRulesReview"] = new ProtoMessage(new Dictionary<int, ProtoField>
        {
            [1] = new("metadata", ProtoFieldKind.Ignored),
            [2] = new("spec", ProtoFieldKind.Message, Message: "SelfSubjectRulesReviewSpec"),
        }, SkipUnknown: true),
        ["SelfSubjectRulesReviewSpec"] = new ProtoMessage(new Dictionary<int, ProtoField>
        {
            [1] = new("namespace", ProtoFieldKind.String, KeepEmpty: true),
        }, SkipUnknown: true),
    };

    /// <summary>The message of each (apiVersion, kind) a protobuf body may carry.</summary>
    public static string? MessageOf(string? apiVersion, string? kind) => (apiVersion, kind) switch
    {
        ("v1", "Namespace" or "Secret" or "ConfigMap") => kind,
        ("apps/v1", "Deployment") => kind,
        ("rbac.authorization.k8s.io/v1", "Role" or "ClusterRole") => "Role",
        ("rbac.authorization.k8s.io/v1", "RoleBinding" or "ClusterRoleBinding") => "RoleBinding",
        _ => null,
    };
}
