using k8s.Models;

namespace Everynode.Controllers.Tests.DaemonSets;

/// <summary>Small builders in the spirit of upstream's newDaemonSet / newNode / newPod test helpers.</summary>
internal static class DaemonSetTestObjects
{
    public static readonly DateTime T0 = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static readonly DateTimeOffset Now = new(2025, 1, 1, 1, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Strategies => new() { "RollingUpdate", "OnDelete" };

    public static V1DaemonSet NewDaemonSet(string name = "foo", string strategy = "RollingUpdate", string maxSurge = "0")
    {
        var labels = new Dictionary<string, string> { ["name"] = name };
        return new V1DaemonSet
        {
            ApiVersion = "apps/v1",
            Kind = "DaemonSet",
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = "default",
                Uid = $"{name}-uid",
                Generation = 1,
                Annotations = new Dictionary<string, string> { ["deprecated.daemonset.template.generation"] = "1" },
            },
            Spec = new V1DaemonSetSpec
            {
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string>(labels) },
                UpdateStrategy = strategy == "OnDelete"
                    ? new V1DaemonSetUpdateStrategy { Type = "OnDelete" }
                    : new V1DaemonSetUpdateStrategy
                    {
                        Type = "RollingUpdate",
                        RollingUpdate = new V1RollingUpdateDaemonSet { MaxUnavailable = maxSurge == "0" ? "1" : "0", MaxSurge = maxSurge },
                    },
                RevisionHistoryLimit = 10,
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string>(labels) },
                    Spec = new V1PodSpec
                    {
                        Containers = [new V1Container { Name = "foo", Image = "foo/bar", TerminationMessagePath = "/dev/termination-log" }],
                        RestartPolicy = "Always",
                    },
                },
            },
            Status = new V1DaemonSetStatus(),
        };
    }

    public static V1Node NewNode(string name, IDictionary<string, string>? labels = null, params V1Taint[] taints) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            Labels = labels ?? new Dictionary<string, string> { ["kubernetes.io/hostname"] = name },
        },
        Spec = new V1NodeSpec { Taints = taints.Length == 0 ? null : [.. taints] },
    };

    public static List<V1Node> NewNodes(int count) => [.. Enumerable.Range(0, count).Select(i => NewNode($"node-{i}"))];

    public static V1Taint Taint(string key, string effect, string? value = null) => new() { Key = key, Effect = effect, Value = value };

    public static V1Toleration Toleration(string? key, string? op, string? value, string? effect, long? seconds = null) =>
        new() { Key = key, OperatorProperty = op, Value = value, Effect = effect, TolerationSeconds = seconds };

    public static V1Pod NewPod(
        string name,
        string nodeName,
        V1DaemonSet ds,
        string hash = "current",
        int ageSeconds = 3600,
        string phase = "Running",
        bool ready = false,
        int readyForSeconds = 3600) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = "default",
            Uid = $"{name}-uid",
            CreationTimestamp = Now.UtcDateTime.AddSeconds(-ageSeconds),
            Labels = new Dictionary<string, string>(ds.Spec.Template.Metadata.Labels)
            {
                ["controller-revision-hash"] = hash,
            },
            OwnerReferences =
            [
                new V1OwnerReference { ApiVersion = "apps/v1", Kind = "DaemonSet", Name = ds.Metadata.Name, Uid = ds.Metadata.Uid, Controller = true },
            ],
        },
        Spec = new V1PodSpec { NodeName = nodeName, Containers = [new V1Container { Name = "foo", Image = "foo/bar" }] },
        Status = new V1PodStatus
        {
            Phase = phase,
            Conditions = ready
                ? [new V1PodCondition { Type = "Ready", Status = "True", LastTransitionTime = Now.UtcDateTime.AddSeconds(-readyForSeconds) }]
                : [new V1PodCondition { Type = "Ready", Status = "False" }],
        },
    };

    public static IReadOnlyDictionary<string, IReadOnlyList<V1Pod>> ByNode(params V1Pod[] pods) =>
        Everynode.Controllers.DaemonSets.NodeToDaemonPods.Group(pods);

    public static V1NodeSelectorRequirement Requirement(string key, string op, params string[] values) =>
        new() { Key = key, OperatorProperty = op, Values = values.Length == 0 && op is "Exists" or "DoesNotExist" ? null : [.. values] };

    public static void SetRequiredAffinity(V1DaemonSet ds, params V1NodeSelectorTerm[] terms) =>
        ds.Spec.Template.Spec.Affinity = new V1Affinity
        {
            NodeAffinity = new V1NodeAffinity
            {
                RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector { NodeSelectorTerms = [.. terms] },
            },
        };
}
