using Everynode.Api.Authentication;

namespace Everynode.Api.Tests.Authorization;

public sealed class BootstrapTokenTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Generate_HasTheUpstreamShape()
    {
        var (id, secret) = BootstrapToken.Generate();

        Assert.Equal((id, secret), BootstrapToken.Parse($"{id}.{secret}"));
        Assert.Null(BootstrapToken.Parse("abc.def"));
        Assert.Null(BootstrapToken.Parse($"{id.ToUpperInvariant()}.{secret}"));
    }

    [Fact]
    public void Validates_SecretExpiryAndUsage()
    {
        var secret = BootstrapToken.ToSecret("abcdef", "0123456789abcdef", Now.AddMinutes(5), "d");

        Assert.True(BootstrapToken.Validates(secret, "abcdef", "0123456789abcdef", Now));
        Assert.False(BootstrapToken.Validates(secret, "abcdef", "0123456789abcdeX", Now));
        Assert.False(BootstrapToken.Validates(secret, "abcdef", "0123456789abcdef", Now.AddMinutes(5)));
        secret.Data.Remove("usage-bootstrap-authentication");
        Assert.False(BootstrapToken.Validates(secret, "abcdef", "0123456789abcdef", Now));
    }

    [Fact]
    public void NodeCredential_RoundTrips()
    {
        var token = NodeCredential.Token("worker-0.example", "s3cret");
        var stored = NodeCredential.ToSecret("worker-0.example", "s3cret", "serve", "abcdef");

        Assert.Equal(("worker-0.example", "s3cret"), NodeCredential.Parse(token));
        Assert.True(NodeCredential.Validates(stored, "worker-0.example", "s3cret"));
        Assert.False(NodeCredential.Validates(stored, "worker-1", "s3cret"));
        Assert.False(NodeCredential.Validates(stored, "worker-0.example", "other"));
    }
}
