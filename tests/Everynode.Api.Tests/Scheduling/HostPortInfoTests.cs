using Everynode.Api.Scheduling;

namespace Everynode.Api.Tests.Scheduling;

public class HostPortInfoTests
{
    [Theory]
    [InlineData("0.0.0.0", "TCP", 80, "127.0.0.1", "TCP", 80, true)]
    [InlineData("127.0.0.1", "TCP", 80, "0.0.0.0", "TCP", 80, true)]
    [InlineData("127.0.0.1", "TCP", 80, "127.0.0.2", "TCP", 80, false)]
    [InlineData("127.0.0.1", "TCP", 80, "127.0.0.1", "TCP", 80, true)]
    [InlineData("0.0.0.0", "TCP", 80, "0.0.0.0", "UDP", 80, false)]
    [InlineData("0.0.0.0", "TCP", 80, "0.0.0.0", "TCP", 81, false)]
    [InlineData("", "", 80, "0.0.0.0", "TCP", 80, true)]
    public void Conflicts_TreatsTheWildcardAddressAsEveryAddress(
        string usedIp, string usedProtocol, int usedPort, string wantedIp, string wantedProtocol, int wantedPort, bool conflict)
    {
        var info = new HostPortInfo();
        info.Add(HostPort.Normalize(usedIp, usedProtocol, usedPort));
        Assert.Equal(conflict, info.Conflicts(HostPort.Normalize(wantedIp, wantedProtocol, wantedPort)));
    }

    [Fact]
    public void Remove_OfAPortHeldTwice_KeepsItUsedUntilTheSecondRemove()
    {
        var info = new HostPortInfo();
        var port = HostPort.Normalize(null, null, 53);
        info.Add(port);
        info.Add(port);
        info.Remove(port);
        Assert.True(info.Conflicts(port));
        info.Remove(port);
        Assert.False(info.Conflicts(port));
    }
}
