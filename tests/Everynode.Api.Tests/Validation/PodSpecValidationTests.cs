using Everynode.Api.DaemonSets;
using k8s.Models;
using static Everynode.Api.Tests.Validation.StrategyHarness;

namespace Everynode.Api.Tests.Validation;

/// <summary>Pod template checks, exercised through a DaemonSet (paths start at spec.template.spec).</summary>
public sealed class PodSpecValidationTests
{
    private static readonly DaemonSetStrategy Strategy = new();

    public static TheoryData<string, Action<V1PodSpec>, string[]> Cases => new()
    {
        { "no containers", s => s.Containers = [], ["spec.template.spec.containers: Required value"] },
        {
            "duplicate container names",
            s => s.Containers.Add(new V1Container { Name = "app", Image = "busybox" }),
            ["spec.template.spec.containers[1].name: Duplicate value: \"app\""]
        },
        { "missing container name", s => s.Containers[0].Name = null, ["spec.template.spec.containers[0].name: Required value"] },
        { "missing image", s => s.Containers[0].Image = null, ["spec.template.spec.containers[0].image: Required value"] },
        {
            "container port out of range and unknown protocol",
            s => s.Containers[0].Ports = [new V1ContainerPort { ContainerPort = 70000, Protocol = "ICMP" }],
            [
                "spec.template.spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
                "spec.template.spec.containers[0].ports[0].protocol: Unsupported value: \"ICMP\": supported values: \"SCTP\", \"TCP\", \"UDP\"",
            ]
        },
        {
            "bad port name",
            s => s.Containers[0].Ports = [new V1ContainerPort { ContainerPort = 80, Name = "HTTP" }],
            [
                "spec.template.spec.containers[0].ports[0].name: Invalid value: \"HTTP\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
                "spec.template.spec.containers[0].ports[0].name: Invalid value: \"HTTP\": must contain at least one letter (a-z)",
            ]
        },
        {
            "env name with '='",
            s => s.Containers[0].Env = [new V1EnvVar { Name = "A=B", Value = "1" }],
            ["spec.template.spec.containers[0].env[0].name: Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='"]
        },
        {
            "volume mount of an unknown volume",
            s => s.Containers[0].VolumeMounts = [new V1VolumeMount { Name = "data", MountPath = "/data" }],
            ["spec.template.spec.containers[0].volumeMounts[0].name: Not found: \"data\""]
        },
        {
            "duplicate volume names",
            s => s.Volumes = [new V1Volume { Name = "data" }, new V1Volume { Name = "data" }],
            ["spec.template.spec.volumes[1].name: Duplicate value: \"data\""]
        },
        {
            "two volume sources",
            s => s.Volumes = [new V1Volume { Name = "data", EmptyDir = new V1EmptyDirVolumeSource(), HostPath = new V1HostPathVolumeSource { Path = "/x" } }],
            ["spec.template.spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type"]
        },
        {
            "requests above limits",
            s => s.Containers[0].Resources = new V1ResourceRequirements
            {
                Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("2") },
                Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("1") },
            },
            ["spec.template.spec.containers[0].resources.requests: Invalid value: \"2\": must be less than or equal to cpu limit of 1"]
        },
        {
            "negative request",
            s => s.Containers[0].Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["memory"] = new("-1") } },
            ["spec.template.spec.containers[0].resources.requests[memory]: Invalid value: \"-1\": must be greater than or equal to 0"]
        },
        {
            "unknown dns policy",
            s => s.DnsPolicy = "Google",
            ["spec.template.spec.dnsPolicy: Unsupported value: \"Google\": supported values: \"ClusterFirstWithHostNet\", \"ClusterFirst\", \"Default\", \"None\""]
        },
        {
            "bad node selector key",
            s => s.NodeSelector = new Dictionary<string, string> { ["-bad"] = "x" },
            ["spec.template.spec.nodeSelector: Invalid value: \"-bad\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"]
        },
        {
            "toleration Exists with a value",
            s => s.Tolerations = [new V1Toleration { Key = "k", OperatorProperty = "Exists", Value = "v" }],
            ["spec.template.spec.tolerations[0].operator: Invalid value: \"v\": value must be empty when `operator` is 'Exists'"]
        },
        {
            "toleration with unknown operator and effect",
            s => s.Tolerations = [new V1Toleration { Key = "k", OperatorProperty = "Near", Effect = "Sometimes" }],
            [
                "spec.template.spec.tolerations[0].operator: Unsupported value: \"Near\": supported values: \"Equal\", \"Exists\"",
                "spec.template.spec.tolerations[0].effect: Unsupported value: \"Sometimes\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\"",
            ]
        },
        {
            "toleration without key must use Exists",
            s => s.Tolerations = [new V1Toleration { OperatorProperty = "Equal" }],
            ["spec.template.spec.tolerations[0].operator: Invalid value: \"Equal\": operator must be Exists when `key` is empty, which means \"match all values and all keys\""]
        },
        {
            "tolerationSeconds without NoExecute",
            s => s.Tolerations = [new V1Toleration { Key = "k", OperatorProperty = "Exists", Effect = "NoSchedule", TolerationSeconds = 5 }],
            ["spec.template.spec.tolerations[0].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set"]
        },
        {
            "liveness probe without handler",
            s => s.Containers[0].LivenessProbe = new V1Probe(),
            ["spec.template.spec.containers[0].livenessProbe: Required value: must specify a handler type"]
        },
        { "all-keys toleration is valid", s => s.Tolerations = [new V1Toleration { OperatorProperty = "Exists" }], [] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ValidatePodTemplate_ReportsUpstreamErrors(string description, Action<V1PodSpec> mutate, string[] expected)
    {
        Assert.NotNull(description);
        var ds = Fixtures.DaemonSet();
        mutate(ds.Spec.Template.Spec);

        Assert.Equal(expected, Render(Create(Strategy, ds)));
    }

    [Theory]
    [InlineData("nginx", "Always")]
    [InlineData("nginx:latest", "Always")]
    [InlineData("registry:5000/team/nginx", "Always")]
    [InlineData("nginx:1.25", "IfNotPresent")]
    [InlineData("registry:5000/nginx:1.25", "IfNotPresent")]
    [InlineData("nginx@sha256:0123456789abcdef", "IfNotPresent")]
    public void Defaults_ImagePullPolicy_FollowsTheImageTag(string image, string expected)
    {
        var ds = Fixtures.DaemonSet();
        ds.Spec.Template.Spec.Containers[0].Image = image;

        Strategy.ApplyDefaults(ds);

        Assert.Equal(expected, ds.Spec.Template.Spec.Containers[0].ImagePullPolicy);
    }
}
