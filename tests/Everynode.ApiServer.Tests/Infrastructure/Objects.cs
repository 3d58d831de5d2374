using k8s.Models;

namespace Everynode.ApiServer.Tests.Infrastructure;

/// <summary>Minimal valid objects of each served kind.</summary>
internal static class Objects
{
    public static V1DaemonSet DaemonSet(string name, string app = "web", string image = "nginx:1.25", IDictionary<string, string>? labels = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = labels },
        Spec = new V1DaemonSetSpec
        {
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = app } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = app } },
                Spec = new V1PodSpec
                {
                    Containers =
                    [
                        new V1Container { Name = "main", Image = image },
                        new V1Container { Name = "sidecar", Image = "busybox:1.36", Command = ["sleep", "3600"] },
                    ],
                },
            },
        },
    };

    public static V1Pod Pod(string name, IDictionary<string, string>? labels = null, string? nodeName = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = labels },
        Spec = new V1PodSpec
        {
            NodeName = nodeName,
            Containers = [new V1Container { Name = "main", Image = "nginx:1.25" }],
        },
    };

    public static V1Node Node(string name, IDictionary<string, string>? labels = null, bool unschedulable = false) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = labels },
        Spec = new V1NodeSpec { Unschedulable = unschedulable ? true : null },
    };

    public static Corev1Event Event(string name, string ns, string involvedName, string reason = "Started", string type = "Normal") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
        InvolvedObject = new V1ObjectReference { Kind = "Pod", Name = involvedName, NamespaceProperty = ns, ApiVersion = "v1" },
        Reason = reason,
        Type = type,
        Message = $"{reason} {involvedName}",
        Source = new V1EventSource { Component = "tests" },
        FirstTimestamp = DateTime.UtcNow,
        LastTimestamp = DateTime.UtcNow,
        Count = 1,
    };

    public static V1Lease Lease(string name, string holder = "node-a") => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1LeaseSpec { HolderIdentity = holder, LeaseDurationSeconds = 40 },
    };

    public static V1ControllerRevision ControllerRevision(string name, long revision = 1) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Revision = revision,
        Data = new Dictionary<string, object> { ["spec"] = new Dictionary<string, object> { ["template"] = new Dictionary<string, object>() } },
    };
}
