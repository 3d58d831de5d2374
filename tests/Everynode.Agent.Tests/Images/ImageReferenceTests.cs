using Everynode.Agent.Images;

namespace Everynode.Agent.Tests.Images;

public sealed class ImageReferenceTests
{
    [Theory]
    [InlineData("busybox", "docker.io/library/busybox:latest", "busybox:latest")]
    [InlineData("busybox:1.36", "docker.io/library/busybox:1.36", "busybox:1.36")]
    [InlineData("docker.io/library/busybox:1.36", "docker.io/library/busybox:1.36", "busybox:1.36")]
    [InlineData("docker.io/busybox", "docker.io/library/busybox:latest", "busybox:latest")]
    [InlineData("index.docker.io/library/busybox:1", "docker.io/library/busybox:1", "busybox:1")]
    [InlineData("fluent/fluentd:v1.16", "docker.io/fluent/fluentd:v1.16", "fluent/fluentd:v1.16")]
    [InlineData("quay.io/prometheus/node-exporter:v1.8.0", "quay.io/prometheus/node-exporter:v1.8.0", "quay.io/prometheus/node-exporter:v1.8.0")]
    [InlineData("localhost:5000/agent", "localhost:5000/agent:latest", "localhost:5000/agent:latest")]
    [InlineData("localhost/agent:2", "localhost/agent:2", "localhost/agent:2")]
    public void Parse_NormalisesAsDockerDoes(string reference, string key, string familiar)
    {
        var parsed = ImageReference.Parse(reference);
        Assert.Equal(key, parsed.Key);
        Assert.Equal(familiar, parsed.Familiar);
    }

    [Fact]
    public void Parse_DigestOnly_HasNoTag()
    {
        var digest = "sha256:" + new string('a', 64);
        var parsed = ImageReference.Parse("busybox@" + digest);
        Assert.Null(parsed.Tag);
        Assert.Equal(digest, parsed.Digest);
        Assert.Equal("docker.io/library/busybox", parsed.Repository);
    }

    [Theory]
    [InlineData("")]
    [InlineData("BusyBox")]
    [InlineData("busybox:")]
    [InlineData("busybox:bad tag")]
    [InlineData("busybox@sha256:xyz")]
    [InlineData("-leading/x")]
    public void Parse_Malformed_IsRefused(string reference)
    {
        Assert.False(ImageReference.TryParse(reference, out _));
        Assert.Throws<FormatException>(() => ImageReference.Parse(reference));
    }
}
