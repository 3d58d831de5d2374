using Everynode.Controllers.Shared;

namespace Everynode.Controllers.Tests.Shared;

public class SlowStartBatchTests
{
    [Theory]
    [InlineData(0, new int[0])]
    [InlineData(1, new[] { 1 })]
    [InlineData(2, new[] { 1, 1 })]
    [InlineData(3, new[] { 1, 2 })]
    [InlineData(10, new[] { 1, 2, 4, 3 })]
    [InlineData(15, new[] { 1, 2, 4, 8 })]
    [InlineData(250, new[] { 1, 2, 4, 8, 16, 32, 64, 123 })]
    public void Sizes_DoubleAndEndWithTheRest(int count, int[] expected)
    {
        Assert.Equal(expected, SlowStartBatch.Sizes(count));
    }
}
