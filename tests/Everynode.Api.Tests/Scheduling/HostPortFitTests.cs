using Everynode.Api.Scheduling;
using static Everynode.Api.Tests.Scheduling.SchedulingObjects;

namespace Everynode.Api.Tests.Scheduling;

/// <summary>Upstream's nodeports fitsPorts, as the scheduler's NodePorts filter and the agent's admission apply it.</summary>
public class HostPortFitTests
{
    [Theory]
    [InlineData(80, null, null, 80, null, null, false)]
    [InlineData(80, null, null, 81, null, null, true)]
    [InlineData(80, "127.0.0.1", null, 80, "127.0.0.2", null, true)]
    [InlineData(80, "127.0.0.1", null, 80, null, null, false)]
    [InlineData(53, null, "UDP", 53, null, "TCP", true)]
    public void Fits_IsFalseWhenARequestedHostPortIsTaken(
        int usedPort, string? usedIp, string? usedProtocol, int wantedPort, string? wantedIp, string? wantedProtocol, bool fits)
    {
        var node = Info(Node(), Pod("existing").WithHostPort(usedPort, usedIp, usedProtocol));
        Assert.Equal(fits, HostPortFit.Fits(HostPort.Of(Pod("p").WithHostPort(wantedPort, wantedIp, wantedProtocol)), node.UsedPorts));
    }

    [Fact]
    public void Fits_APodWithoutHostPortsFitsANodeFullOfThem() =>
        Assert.True(HostPortFit.Fits(HostPort.Of(Pod("p")), Info(Node(), Pod("existing").WithHostPort(80)).UsedPorts));

    [Fact]
    public void Of_CountsRegularAndSidecarContainersButNotOtherInitContainers()
    {
        var pod = Pod("p").WithHostPort(80);
        pod.Spec.InitContainers =
        [
            new() { Name = "sidecar", RestartPolicy = "Always", Ports = [new() { ContainerPort = 81, HostPort = 81 }] },
            new() { Name = "init", Ports = [new() { ContainerPort = 82, HostPort = 82 }] },
        ];
        Assert.Equal([80, 81], HostPort.Of(pod).Select(p => p.Port));
    }
}
