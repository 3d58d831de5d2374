using Everynode.Controllers.DaemonSets;
using k8s.Models;
using static Everynode.Controllers.Tests.DaemonSets.DaemonSetTestObjects;

namespace Everynode.Controllers.Tests.DaemonSets;

public class DaemonSetSelectorTests
{
    [Fact]
    public void IsSelectingAll_OnlyForTheEmptySelector()
    {
        var ds = NewDaemonSet();
        Assert.False(DaemonSetSelector.IsSelectingAll(ds));
        ds.Spec.Selector = new V1LabelSelector();
        Assert.True(DaemonSetSelector.IsSelectingAll(ds));
        ds.Spec.Selector = null;
        Assert.False(DaemonSetSelector.IsSelectingAll(ds));
    }
}
