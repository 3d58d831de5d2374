using k8s.Models;

namespace Everynode.Api.Tests.Validation;

/// <summary>Small, valid objects that tests change one field at a time.</summary>
internal static class Fixtures
{
    public static V1DaemonSet DaemonSet(string name = "ds") => new()
    {
        ApiVersion = "apps/v1",
        Kind = "DaemonSet",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" },
        Spec = new V1DaemonSetSpec
        {
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "x" } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "x" } },
                Spec = PodSpec(),
            },
        },
    };

    public static V1PodSpec PodSpec() => new()
    {
        Containers = [new V1Container { Name = "app", Image = "nginx:1.25" }],
    };

    public static V1Pod Pod(string name = "p") => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" },
        Spec = PodSpec(),
    };
}
