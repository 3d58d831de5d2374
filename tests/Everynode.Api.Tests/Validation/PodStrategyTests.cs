using Everynode.Api.Pods;
using k8s;
using k8s.Models;
using static Everynode.Api.Tests.Validation.StrategyHarness;

namespace Everynode.Api.Tests.Validation;

public sealed class PodStrategyTests
{
    private static readonly PodStrategy Strategy = new();

    private static V1ResourceRequirements Resources(string? requestCpu, string? limitCpu, string? limitMemory = null)
    {
        var r = new V1ResourceRequirements();
        if (requestCpu is not null)
        {
            r.Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(requestCpu) };
        }

        if (limitCpu is not null || limitMemory is not null)
        {
            r.Limits = new Dictionary<string, ResourceQuantity>();
            if (limitCpu is not null)
            {
                r.Limits["cpu"] = new(limitCpu);
            }

            if (limitMemory is not null)
            {
                r.Limits["memory"] = new(limitMemory);
            }
        }

        return r;
    }

    [Fact]
    public void Update_WithoutTheDefaultedTolerations_GetsThemBack_AndValidates()
    {
        var old = Fixtures.Pod();
        old.Metadata.ResourceVersion = "5";
        Strategy.ApplyDefaults(old);
        Strategy.PrepareForCreate(old);
        var updated = Fixtures.Pod();
        updated.Metadata.ResourceVersion = "5";
        Strategy.ApplyDefaults(updated);
        Assert.Null(updated.Spec.Tolerations);

        Strategy.PrepareForUpdate(updated, old);

        Assert.Equal(KubernetesJson.Serialize(old.Spec.Tolerations), KubernetesJson.Serialize(updated.Spec.Tolerations));
        Assert.Empty(Strategy.ValidateUpdate(updated, old));
    }

    [Fact]
    public void Create_AppliesPodOnlyDefaults_AndStartsPending()
    {
        var pod = Fixtures.Pod();
        pod.Spec.HostNetwork = true;
        pod.Spec.Containers[0].Ports = [new V1ContainerPort { ContainerPort = 8080 }];
        pod.Spec.Containers[0].Resources = Resources(null, "500m", "64Mi");

        Assert.Empty(Create(Strategy, pod));

        Assert.True(pod.Spec.EnableServiceLinks);
        Assert.Equal(0, pod.Spec.Priority);
        Assert.Equal("Always", pod.Spec.RestartPolicy);
        Assert.Equal("ClusterFirst", pod.Spec.DnsPolicy);
        Assert.Equal("default-scheduler", pod.Spec.SchedulerName);
        Assert.Equal(30, pod.Spec.TerminationGracePeriodSeconds);
        Assert.NotNull(pod.Spec.SecurityContext);
        Assert.Equal(8080, pod.Spec.Containers[0].Ports[0].HostPort);
        Assert.Equal("500m", pod.Spec.Containers[0].Resources.Requests["cpu"].ToString());
        Assert.Equal("{\"phase\":\"Pending\",\"qosClass\":\"Guaranteed\"}", KubernetesJson.Serialize(pod.Status));
    }

    [Theory]
    [InlineData(null, null, null, "BestEffort")]
    [InlineData("100m", null, null, "Burstable")]
    [InlineData("100m", "200m", "1Gi", "Burstable")]
    [InlineData(null, "200m", "1Gi", "Guaranteed")]
    [InlineData(null, "200m", null, "Burstable")]
    public void Create_ComputesTheQosClass(string? requestCpu, string? limitCpu, string? limitMemory, string expected)
    {
        var pod = Fixtures.Pod();
        pod.Spec.Containers[0].Resources = Resources(requestCpu, limitCpu, limitMemory);

        Assert.Empty(Create(Strategy, pod));

        Assert.Equal(expected, pod.Status.QosClass);
    }

    [Fact]
    public void Create_InvalidName_UsesTheSubdomainMessage()
    {
        var pod = Fixtures.Pod("-pod");

        Assert.Equal(
            ["metadata.name: Invalid value: \"-pod\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"],
            Render(Create(Strategy, pod)));
    }

    [Fact]
    public void Update_ImageActiveDeadlineAndAddedTolerations_AreAllowed()
    {
        var old = Fixtures.Pod();
        Assert.Empty(Create(Strategy, old));
        var pod = Copy(old);
        pod.Spec.Containers[0].Image = "nginx:1.26";
        pod.Spec.ActiveDeadlineSeconds = 60;
        pod.Spec.Tolerations = [.. old.Spec.Tolerations ?? [], new V1Toleration { Key = "k", OperatorProperty = "Exists" }];
        pod.Status = new V1PodStatus { Phase = "Running" };

        Assert.Empty(Update(Strategy, pod, old));
        Assert.Equal("Pending", pod.Status.Phase);
    }

    [Fact]
    public void Update_OtherSpecChange_IsForbiddenWithUpstreamsMessage()
    {
        var old = Fixtures.Pod();
        Assert.Empty(Create(Strategy, old));
        var pod = Copy(old);
        pod.Spec.RestartPolicy = "Never";

        var error = Assert.Single(Update(Strategy, pod, old)).ToString();

        Assert.StartsWith(
            "spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,"
            + "`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),"
            + "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n",
            error);
        Assert.Contains("restartPolicy: \"Always\"", error);
        Assert.Contains("restartPolicy: \"Never\"", error);
    }

    [Fact]
    public void Update_RemovedToleration_IsForbidden()
    {
        var old = Fixtures.Pod();
        old.Spec.Tolerations = [new V1Toleration { Key = "k", OperatorProperty = "Exists" }];
        Assert.Empty(Create(Strategy, old));
        var pod = Copy(old);
        pod.Spec.Tolerations = [];

        Assert.Equal(["spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds"], Render(Update(Strategy, pod, old)));
    }

    [Fact]
    public void Update_AddedContainer_IsForbidden()
    {
        var old = Fixtures.Pod();
        Assert.Empty(Create(Strategy, old));
        var pod = Copy(old);
        pod.Spec.Containers.Add(new V1Container { Name = "side", Image = "busybox" });

        Assert.Equal(["spec.containers: Forbidden: pod updates may not add or remove containers"], Render(Update(Strategy, pod, old)));
    }

    [Fact]
    public void UpdateStatus_KeepsTheOldSpecAndQosClass()
    {
        var old = Fixtures.Pod();
        Assert.Empty(Create(Strategy, old));
        var pod = Copy(old);
        pod.Spec.Containers[0].Image = "other";
        pod.Status.Phase = "Running";
        pod.Status.QosClass = "Guaranteed";

        Assert.Empty(UpdateStatus(Strategy, pod, old));
        Assert.Equal("nginx:1.25", pod.Spec.Containers[0].Image);
        Assert.Equal("BestEffort", pod.Status.QosClass);
        Assert.Equal("Running", pod.Status.Phase);
    }
}
