using Everynode.Agent.Config;
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

        var env = ContainerEnvironment.Resolve(pod, container, "10.1.2.3", null, PodConfig.None("prod"));

        Assert.Equal(
            ["NAME=web-1", "GREETING=hello web-1 on $(NODE)", "NODE=worker-0", "IP=10.1.2.3", "APP=web", "NS=prod", "MEM_MI=64"],
            env.Select(e => $"{e.Key}={e.Value}"));
    }

    [Fact]
    public void Resolve_ConfigMapAndSecretRefs_MissingObjectsAndKeys_AreConfigErrors_UnlessOptional()
    {
        var pod = new V1Pod { Metadata = new V1ObjectMeta { Name = "p", NamespaceProperty = "prod" }, Spec = new V1PodSpec { Containers = [] } };
        var config = new PodConfig("prod");
        config.Add(ConfigObjectKind.ConfigMap, "cfg", Data(("level", "debug")));
        config.Add(ConfigObjectKind.Secret, "creds", Data(("password", "s3cret")));
        config.Add(ConfigObjectKind.ConfigMap, "gone", null);

        Assert.Equal("debug", Single(pod, config, ConfigMapRef("cfg", "level")));
        Assert.Equal("s3cret", Single(pod, config, new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = "creds", Key = "password" } }));
        Assert.Equal("configmap \"gone\" not found", Assert.Throws<ContainerConfigException>(() => Single(pod, config, ConfigMapRef("gone", "k"))).Message);
        Assert.Equal("couldn't find key nope in ConfigMap prod/cfg", Assert.Throws<ContainerConfigException>(() => Single(pod, config, ConfigMapRef("cfg", "nope"))).Message);
        Assert.Equal("couldn't find key nope in Secret prod/creds",
            Assert.Throws<ContainerConfigException>(() => Single(pod, config, new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = "creds", Key = "nope" } })).Message);

        var optional = new V1Container { Name = "c", Env = [new V1EnvVar { Name = "X", ValueFrom = ConfigMapRef("gone", "k", optional: true) }, new V1EnvVar { Name = "Y", ValueFrom = ConfigMapRef("cfg", "nope", optional: true) }] };
        Assert.Empty(ContainerEnvironment.Resolve(pod, optional, "1.1.1.1", null, config));
    }

    [Fact]
    public void Resolve_EnvFrom_ComesFirst_WithPrefix_LeavesOutBadNames_AndEnvOverrides()
    {
        var pod = new V1Pod { Metadata = new V1ObjectMeta { Name = "p", NamespaceProperty = "prod" }, Spec = new V1PodSpec { Containers = [] } };
        var config = new PodConfig("prod");
        config.Add(ConfigObjectKind.ConfigMap, "cfg", Data(("b", "2"), ("a", "1"), ("bad=name", "x")));
        var container = new V1Container
        {
            Name = "c",
            EnvFrom = [new V1EnvFromSource { ConfigMapRef = new V1ConfigMapEnvSource { Name = "cfg" }, Prefix = "APP_" }, new V1EnvFromSource { SecretRef = new V1SecretEnvSource { Name = "absent", Optional = true } }],
            Env = [new V1EnvVar { Name = "APP_b", Value = "two" }, new V1EnvVar { Name = "SUM", Value = "$(APP_a)+$(APP_b)" }],
        };

        var env = ContainerEnvironment.Resolve(pod, container, "1.1.1.1", null, config);

        Assert.Equal(["APP_a=1", "APP_b=two", "SUM=1+two"], env.Select(e => $"{e.Key}={e.Value}"));
        container.EnvFrom[1].SecretRef.Optional = false;
        Assert.Equal("secret \"absent\" not found", Assert.Throws<ContainerConfigException>(() => ContainerEnvironment.Resolve(pod, container, "1.1.1.1", null, config)).Message);
    }

    [Fact]
    public void References_ListEachConfigMapAndSecretOnce_FromEnvEnvFromAndVolumes()
    {
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "p" },
            Spec = new V1PodSpec
            {
                InitContainers = [new V1Container { Name = "i", EnvFrom = [new V1EnvFromSource { SecretRef = new V1SecretEnvSource { Name = "s1" } }] }],
                Containers = [new V1Container { Name = "c", Env = [new V1EnvVar { Name = "X", ValueFrom = ConfigMapRef("cm1", "k") }] }],
                Volumes =
                [
                    new V1Volume { Name = "v1", ConfigMap = new V1ConfigMapVolumeSource { Name = "cm1" } },
                    new V1Volume { Name = "v2", Secret = new V1SecretVolumeSource { SecretName = "s2" } },
                ],
            },
        };

        Assert.Equal([(ConfigObjectKind.Secret, "s1"), (ConfigObjectKind.ConfigMap, "cm1"), (ConfigObjectKind.Secret, "s2")], PodConfig.References(pod));
    }

    private static string Single(V1Pod pod, PodConfig config, V1EnvVarSource from) =>
        Assert.Single(ContainerEnvironment.Resolve(pod, new V1Container { Name = "c", Env = [new V1EnvVar { Name = "X", ValueFrom = from }] }, "1.1.1.1", null, config)).Value;

    private static V1EnvVarSource ConfigMapRef(string name, string key, bool? optional = null) =>
        new() { ConfigMapKeyRef = new V1ConfigMapKeySelector { Name = name, Key = key, Optional = optional } };

    private static Dictionary<string, byte[]> Data(params (string Key, string Value)[] entries) =>
        entries.ToDictionary(e => e.Key, e => System.Text.Encoding.UTF8.GetBytes(e.Value), StringComparer.Ordinal);
}
