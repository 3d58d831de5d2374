using Everynode.Api.Scheduling;
using k8s.Models;

namespace Everynode.Api.Tests.Scheduling;

public class PodRequestsTests
{
    private static V1Container Container(string cpu, string memory, string? restartPolicy = null) => new()
    {
        Name = "c" + cpu + memory,
        RestartPolicy = restartPolicy,
        Resources = new V1ResourceRequirements
        {
            Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpu), ["memory"] = new(memory) },
        },
    };

    private static V1Pod Pod(V1Container[] containers, V1Container[]? init = null, Dictionary<string, ResourceQuantity>? overhead = null) =>
        new() { Metadata = new V1ObjectMeta { Name = "p" }, Spec = new V1PodSpec { Containers = containers, InitContainers = init, Overhead = overhead } };

    [Fact]
    public void Compute_SumsRegularContainers()
    {
        var r = PodRequests.Compute(Pod([Container("100m", "100Mi"), Container("1", "1Gi")]));
        Assert.Equal(1100, r.MilliCpu);
        Assert.Equal(1124L * 1024 * 1024, r.Memory);
    }

    [Fact]
    public void Compute_TakesTheLargerOfTheContainerSumAndEachInitContainer()
    {
        // upstream's documented example: init 2/1G and 2/3G, containers 2/1G and 1/1G give 3 cpu, 3G memory.
        var pod = Pod([Container("2", "1G"), Container("1", "1G")], [Container("2", "1G"), Container("2", "3G")]);
        var r = PodRequests.Compute(pod);
        Assert.Equal(3000, r.MilliCpu);
        Assert.Equal(3_000_000_000, r.Memory);
    }

    [Fact]
    public void Compute_AddsSidecarsToTheContainersAndToEveryLaterInitContainer()
    {
        // Sidecar 1 cpu runs all along: containers 1 + sidecar 1 = 2; the init container after it needs 3 + 1 = 4.
        var pod = Pod([Container("1", "1Gi")], [Container("1", "100Mi", "Always"), Container("3", "1Gi")]);
        var r = PodRequests.Compute(pod);
        Assert.Equal(4000, r.MilliCpu);
        Assert.Equal((1024L + 100) * 1024 * 1024, r.Memory);
    }

    [Fact]
    public void Compute_InitContainerBeforeASidecarDoesNotCountIt()
    {
        var pod = Pod([Container("1", "1Gi")], [Container("2", "1Gi"), Container("500m", "1Mi", "Always")]);
        Assert.Equal(2000, PodRequests.Compute(pod).MilliCpu);
    }

    [Fact]
    public void Compute_AddsPodOverhead()
    {
        var pod = Pod([Container("1", "1Gi")], overhead: new() { ["cpu"] = new("250m"), ["memory"] = new("120Mi") });
        var r = PodRequests.Compute(pod);
        Assert.Equal(1250, r.MilliCpu);
        Assert.Equal((1024L + 120) * 1024 * 1024, r.Memory);
    }

    [Fact]
    public void Compute_KeepsScalarResourcesAndIgnoresUnknownNativeOnes()
    {
        var pod = SchedulingObjects.Pod("p", change: p => p.Spec.Containers[0].Resources.Requests = new Dictionary<string, ResourceQuantity>
        {
            ["example.com/gpu"] = new("2"),
            ["hugepages-2Mi"] = new("4Mi"),
            ["ephemeral-storage"] = new("1Gi"),
            ["storage"] = new("1Gi"),
        });
        var r = PodRequests.Compute(pod);
        Assert.Equal(2, r.ScalarResources["example.com/gpu"]);
        Assert.Equal(4L * 1024 * 1024, r.ScalarResources["hugepages-2Mi"]);
        Assert.Equal(1024L * 1024 * 1024, r.EphemeralStorage);
        Assert.Equal(2, r.ScalarResources.Count);
    }

    [Fact]
    public void Compute_OfAPodWithoutRequests_IsZero()
    {
        var r = PodRequests.Compute(SchedulingObjects.Pod("p"));
        Assert.Equal(0, r.MilliCpu);
        Assert.Equal(0, r.Memory);
    }

    [Fact]
    public void ComputeNonZero_CountsMissingCpuAndMemoryAsTheDefaults()
    {
        var r = PodRequests.ComputeNonZero(SchedulingObjects.Pod("p", cpu: "1"));
        Assert.Equal(1000, r.MilliCpu);
        Assert.Equal(200L * 1024 * 1024, r.Memory);
        Assert.Equal(100, PodRequests.ComputeNonZero(SchedulingObjects.Pod("q")).MilliCpu);
    }
}
