using Everynode.Api.DaemonSets;
using k8s.Models;

namespace Everynode.Api.Tests.Validation;

public sealed class DaemonSetWarningsTests
{
    private static V1DaemonSet Surging(string maxSurge, int? hostPort, bool hostNetwork = false)
    {
        var ds = Fixtures.DaemonSet();
        ds.Spec.UpdateStrategy = new V1DaemonSetUpdateStrategy
        {
            Type = "RollingUpdate",
            RollingUpdate = new V1RollingUpdateDaemonSet { MaxUnavailable = 0, MaxSurge = maxSurge },
        };
        ds.Spec.Template.Spec.HostNetwork = hostNetwork;
        ds.Spec.Template.Spec.Containers[0].Ports = [new V1ContainerPort { ContainerPort = 8080, HostPort = hostPort }];
        return ds;
    }

    [Theory]
    [InlineData("1", 9100, false, "9100")]
    [InlineData("10%", 9100, false, "9100")]
    [InlineData("1", null, true, "8080")]
    [InlineData("0", 9100, false, null)]
    [InlineData("0%", 9100, false, null)]
    [InlineData("1", null, false, null)]
    [InlineData("1", 0, false, null)]
    public void Get_WarnsOnlyWhenSurgingWithHostPorts(string maxSurge, int? hostPort, bool hostNetwork, string? ports)
    {
        var warnings = DaemonSetWarnings.Get(Surging(maxSurge, hostPort, hostNetwork));
        if (ports is null)
        {
            Assert.Empty(warnings);
            return;
        }

        Assert.Equal(
            $"spec.updateStrategy.rollingUpdate.maxSurge: the pod template uses host port(s) {ports}; a surge pod cannot start beside the old pod that holds them on the same node, so the rollout will stall (use maxUnavailable instead)",
            Assert.Single(warnings));
    }

    [Fact]
    public void Get_OnDelete_NeverWarns()
    {
        var ds = Surging("1", 9100);
        ds.Spec.UpdateStrategy.Type = "OnDelete";
        Assert.Empty(DaemonSetWarnings.Get(ds));
    }
}
