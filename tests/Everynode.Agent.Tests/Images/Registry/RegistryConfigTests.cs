using Everynode.Agent.Images.Registry;

namespace Everynode.Agent.Tests.Images.Registry;

public sealed class RegistryConfigTests : IDisposable
{
    private readonly TempDirectory _dir = new("everynode-regconfig-");

    [Fact]
    public void Mirrors_come_first_then_the_registry_with_each_hosts_settings()
    {
        File.WriteAllText(_dir.Combine("ca.pem"), "");
        var config = Parse("""
            mirrors:
              docker.io:
                endpoint:
                  - "mirror.local:5000"
                  - "http://plain.local"
                rewrite:
                  "^library/(.*)": "hub/$1"
            configs:
              "mirror.local:5000":
                auth:
                  username: user
                  password: pw
                tls:
                  ca_file: ca.pem
            """);

        var endpoints = config.EndpointsFor("docker.io");

        Assert.Equal(["https://mirror.local:5000", "http://plain.local", "https://registry-1.docker.io"], endpoints.Select(e => e.ToString()));
        Assert.Equal("user", endpoints[0].Credential?.Username);
        Assert.Equal(_dir.Combine("ca.pem"), endpoints[0].Tls?.CaFile);
        Assert.Null(endpoints[1].Credential);
        Assert.Equal("hub/busybox", endpoints[0].RewritePath("library/busybox"));
        Assert.Equal("library/busybox", endpoints[2].RewritePath("library/busybox"));
        Assert.Equal(["https://quay.io"], config.EndpointsFor("quay.io").Select(e => e.ToString()));
    }

    [Fact]
    public void The_wildcard_mirror_serves_registries_without_their_own_entry()
    {
        var config = Parse("""
            mirrors:
              "*":
                endpoint: ["https://everything.local"]
              quay.io:
                endpoint: ["https://quay-mirror.local"]
            configs:
              "*":
                auth: {auth: dXNlcjpwYXNz}
            """);

        Assert.Equal(["https://everything.local", "https://ghcr.io"], config.EndpointsFor("ghcr.io").Select(e => e.ToString()));
        Assert.Equal(["https://quay-mirror.local", "https://quay.io"], config.EndpointsFor("quay.io").Select(e => e.ToString()));
        Assert.Equal(("user", "pass"), (config.EndpointsFor("ghcr.io")[0].Credential?.Username, config.EndpointsFor("ghcr.io")[0].Credential?.Password));
    }

    [Theory]
    [InlineData("mirrors:\n  docker.io:\n    endpoint: mirror.local\n", "line 3: mirrors.docker.io.endpoint must be a list of URLs")]
    [InlineData("mirrors:\n  docker.io:\n    endpoint: [\"ftp://x\"]\n", "line 3: mirrors.docker.io.endpoint: \"ftp://x\" is not an http:// or https:// URL")]
    [InlineData("mirrors:\n  docker.io:\n    rewrite:\n      \"^(a\": b\n", "line 4: mirrors.docker.io.rewrite: \"^(a\" is not a valid regular expression")]
    [InlineData("configs:\n  x:\n    tls:\n      ca_file: /nonexistent/ca.pem\n", "line 4: configs.x.tls.ca_file: /nonexistent/ca.pem does not exist")]
    [InlineData("configs:\n  x:\n    tls:\n      insecure_skip_verify: maybe\n", "line 4: configs.x.tls.insecure_skip_verify must be true or false")]
    [InlineData("configs:\n  x:\n    auth:\n      auth: \"%%%\"\n", "line 4: configs.x.auth.auth: the auth field is not valid base64")]
    [InlineData("mirror:\n  docker.io: {}\n", "line 1: unknown key \"mirror\" (expected mirrors or configs)")]
    [InlineData("mirrors:\n  docker.io:\n    endpoint: [\"a\"\n", "line 4:")]
    public void A_bad_document_is_refused_with_its_line(string yaml, string expected)
    {
        var e = Assert.Throws<FormatException>(() => Parse(yaml));

        Assert.StartsWith("registries.yaml: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_document_is_no_configuration()
    {
        Assert.Equal(["https://registry-1.docker.io"], Parse("").EndpointsFor("docker.io").Select(e => e.ToString()));
    }

    public void Dispose() => _dir.Delete();

    private RegistryConfig Parse(string yaml) => RegistryConfig.Parse(yaml, "registries.yaml", _dir.Path);
}
