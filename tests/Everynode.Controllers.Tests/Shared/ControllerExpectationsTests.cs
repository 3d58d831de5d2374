using Everynode.Controllers.Shared;
using static Everynode.Controllers.Tests.DaemonSets.DaemonSetTestObjects;

namespace Everynode.Controllers.Tests.Shared;

public class ControllerExpectationsTests
{
    [Fact]
    public void NoRecord_IsSatisfied() => Assert.True(ControllerExpectations.SatisfiedExpectations(null, Now));

    [Fact]
    public void ObservingEveryCreateAndDelete_Satisfies()
    {
        var e = ControllerExpectations.Set(2, 1, Now);
        Assert.False(ControllerExpectations.SatisfiedExpectations(e, Now));
        e = e.CreationObserved();
        Assert.False(ControllerExpectations.SatisfiedExpectations(e, Now));
        e = e.CreationObserved().DeletionObserved();
        Assert.True(ControllerExpectations.SatisfiedExpectations(e, Now));
    }

    [Fact]
    public void ExtraObservations_StaySatisfied()
    {
        var e = ControllerExpectations.ExpectDeletions(1, Now).DeletionObserved().DeletionObserved().CreationObserved();
        Assert.Equal((-1L, -1L), (e.Add, e.Delete));
        Assert.True(e.Fulfilled);
    }

    [Theory]
    [InlineData(299, false)]
    [InlineData(300, false)]
    [InlineData(301, true)]
    public void UnfulfilledExpectations_ExpireAfterFiveMinutes(int seconds, bool satisfied)
    {
        var e = ControllerExpectations.ExpectCreations(3, Now);
        Assert.Equal(satisfied, ControllerExpectations.SatisfiedExpectations(e, Now.AddSeconds(seconds)));
    }

    [Fact]
    public void RaiseAndLower_KeepTheTimestamp()
    {
        var e = ControllerExpectations.Set(1, 0, Now).Raise(2, 3).Lower(1, 1);
        Assert.Equal(new ControllerExpectations(2, 2, Now), e);
    }
}
