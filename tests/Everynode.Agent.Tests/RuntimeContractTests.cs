using Everynode.Agent.Runtime;

namespace Everynode.Agent.Tests;

public sealed class RuntimeContractTests
{
    [Fact]
    public void ImageNotPresentCarriesTheMessageThePodStatusShows()
    {
        var e = new ImageNotPresentException("image \"nginx:1.27\" is not in this node's image store");
        Assert.Contains("nginx:1.27", e.Message, StringComparison.Ordinal);
    }
}
