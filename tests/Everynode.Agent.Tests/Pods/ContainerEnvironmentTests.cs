using Everynode.Agent.Pods;
using k8s.Models;

namespace Everynode.Agent.Tests.Pods;

public sealed class ContainerEnvironmentTests
{
    [Fact]
    public void Resolve_ValuesAndFieldRefs_InOrderWithExpansionFromEarlierEntries()
    {
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "web-1", NamespaceProperty = "prod", Uid = "uid-1", Labels = new Dictionary<string, string> { ["app"] = "web" } },
            Spec = new V1PodSpec { NodeName = "worker-0", ServiceAccountName = "default", Containers = [] },
        };
        var container = new V1Container
        {
            Name = "c",
            Env =
            [
                new V1EnvVar { Name = "NAME", ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.name" } } },
                new V1EnvVar { Name = "GREETING", Value = "hello $(NAME) on $(NODE)" },
                new V1EnvVar { Name = "NODE", ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "spec.nodeName" } } },
                new V1EnvVar { Name = "IP", ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "status.podIP" } } },
                new V1EnvVar { Name = "APP", ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.labels['app']" } } },
                new V1EnvVar { Name = "NS", ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.namespace" } } },
            ],
            Resources = new V1ResourceRequirements { Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("64Mi") } },
        };
        container.Env.Add(new V1EnvVar
        {
            Name = "MEM_MI",
            ValueFrom = new V1EnvVarSource { ResourceFieldRef = new V1ResourceFieldSelector { Resource = "limits.memory", Divisor = new ResourceQuantity("1Mi") } },
        });

        var env = ContainerEnvironment.Resolve(pod, container, "10.1.2.3", null);

        Assert.Equal(
            ["NAME=web-1", "GREETING=hello web-1 on $(NODE)", "NODE=worker-0", "IP=10.1.2.3", "APP=web", "NS=prod", "MEM_MI=64"],
            env.Select(e => $"{e.Key}={e.Value}"));
    }

    [Fact]
    public void Resolve_ConfigMapRef_IsAConfigError_UnlessOptional()
    {
        var pod = new V1Pod { Metadata = new V1ObjectMeta { Name = "p" }, Spec = new V1PodSpec { Containers = [] } };
        var required = new V1Container
        {
            Name = "c",
            Env = [new V1EnvVar { Name = "X", ValueFrom = new V1EnvVarSource { ConfigMapKeyRef = new V1ConfigMapKeySelector { Name = "cfg", Key = "k" } } }],
        };
        var e = Assert.Throws<ContainerConfigException>(() => ContainerEnvironment.Resolve(pod, required, "1.1.1.1", null));
        Assert.StartsWith("configmap \"cfg\" not found", e.Message, StringComparison.Ordinal);

        required.Env[0].ValueFrom.ConfigMapKeyRef.Optional = true;
        Assert.Empty(ContainerEnvironment.Resolve(pod, required, "1.1.1.1", null));
    }
}
