using Everynode.Controllers.DaemonSets;
using static Everynode.Controllers.Tests.DaemonSets.DaemonSetTestObjects;

namespace Everynode.Controllers.Tests.DaemonSets;

public class DaemonSetUpdateStrategyTests
{
    [Theory]
    [InlineData("RollingUpdate", "0", false)]
    [InlineData("RollingUpdate", "1", true)]
    [InlineData("RollingUpdate", "1%", true)]
    [InlineData("RollingUpdate", "0%", false)]
    [InlineData("RollingUpdate", "bogus", false)]
    [InlineData("OnDelete", "1", false)]
    public void AllowsSurge_OnlyForRollingUpdateWithPositiveSurge(string strategy, string maxSurge, bool expected)
    {
        var ds = NewDaemonSet(maxSurge: maxSurge);
        ds.Spec.UpdateStrategy.Type = strategy;
        Assert.Equal(expected, DaemonSetUpdateStrategy.AllowsSurge(ds));
    }
}
