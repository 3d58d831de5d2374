using Everynode.Api.Scheduling;
using k8s.Models;

namespace Everynode.Api.Tests.Scheduling;

public class ResourceQuantitiesTests
{
    [Theory]
    [InlineData("100m", 100)]
    [InlineData("1", 1000)]
    [InlineData("1.5", 1500)]
    [InlineData("250m", 250)]
    [InlineData("0.5m", 1)]
    [InlineData("1e3", 1_000_000)]
    [InlineData("0", 0)]
    public void ToMilli_ConvertsCpuToMilliCpuRoundingUp(string text, long expected) =>
        Assert.Equal(expected, ResourceQuantities.ToMilli(new ResourceQuantity(text)));

    [Theory]
    [InlineData("200Mi", 200L * 1024 * 1024)]
    [InlineData("1Gi", 1024L * 1024 * 1024)]
    [InlineData("1e3", 1000)]
    [InlineData("128974848", 128974848)]
    [InlineData("129M", 129_000_000)]
    [InlineData("123Mi", 128974848)]
    [InlineData("1k", 1000)]
    [InlineData("1Ki", 1024)]
    [InlineData("100m", 1)]
    [InlineData("1.5", 2)]
    [InlineData("110", 110)]
    public void ToValue_ConvertsToWholeUnitsRoundingUp(string text, long expected) =>
        Assert.Equal(expected, ResourceQuantities.ToValue(new ResourceQuantity(text)));

    [Fact]
    public void ForResource_UsesMilliUnitsOnlyForCpu()
    {
        Assert.Equal(2000, ResourceQuantities.ForResource("cpu", new ResourceQuantity("2")));
        Assert.Equal(2, ResourceQuantities.ForResource("example.com/gpu", new ResourceQuantity("2")));
    }

    [Fact]
    public void ToValue_OfAHugeQuantity_SaturatesInsteadOfWrapping() =>
        Assert.Equal(long.MaxValue, ResourceQuantities.ToValue(new ResourceQuantity("100E")));

    [Fact]
    public void ToValue_OfNoQuantity_IsZero() => Assert.Equal(0, ResourceQuantities.ToValue(null));
}
