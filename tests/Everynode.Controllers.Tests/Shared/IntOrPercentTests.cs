using Everynode.Controllers.Shared;

namespace Everynode.Controllers.Tests.Shared;

public class IntOrPercentTests
{
    [Theory]
    [InlineData("3", 10, true, 3)]
    [InlineData("20%", 10, true, 2)]
    [InlineData("25%", 10, true, 3)]
    [InlineData("25%", 10, false, 2)]
    [InlineData("x%", 10, true, null)]
    [InlineData("x", 10, true, null)]
    [InlineData(null, 10, true, null)]
    // A signed percentage scales as Go's Atoi reads it. The Deployment controller's former copy read it as 0;
    // validation rejects negative budgets before a controller sees them, so no object behaves differently.
    [InlineData("-50%", 10, true, -5)]
    [InlineData("+50%", 10, true, 5)]
    public void GetScaledValue_ReadsIntegersAndRoundsPercentages(string? value, int total, bool roundUp, int? expected) =>
        Assert.Equal(expected, IntOrPercent.GetScaledValue(value, total, roundUp));
}
