using System.Text;
using Everynode.Agent.Images.Registry;

namespace Everynode.Agent.Tests.Images.Registry;

/// <summary>Credential matching as the kubelet's keyring does it.</summary>
public sealed class DockerKeyringTests
{
    [Theory]
    [InlineData("docker.io/library/busybox", "hub")]
    [InlineData("docker.io/team/app", "hub")]
    [InlineData("registry.example.com/team/app", "team,host")]
    [InlineData("registry.example.com/other/app", "host")]
    [InlineData("registry.example.com:5000/team/app", "port")]
    [InlineData("eu.mirror.example.com/x", "glob")]
    [InlineData("a.b.mirror.example.com/x", "")]
    [InlineData("quay.io/x", "")]
    public void Matches_by_host_port_glob_and_path_prefix(string repository, string expected)
    {
        var keyring = new DockerKeyring();
        keyring.Add(Json("""
            {"auths": {
              "https://index.docker.io/v1/": {"username": "hub", "password": "p"},
              "registry.example.com": {"username": "host", "password": "p"},
              "https://registry.example.com/v2/team": {"username": "team", "password": "p"},
              "registry.example.com:5000": {"auth": "cG9ydDpw"},
              "*.mirror.example.com": {"username": "glob", "password": "p"}
            }}
            """), legacy: false);

        var users = string.Join(",", keyring.Lookup(repository).Select(c => c.Username));

        Assert.Equal(expected, users);
    }

    [Fact]
    public void Reads_the_legacy_dockercfg_shape_and_identity_tokens()
    {
        var keyring = new DockerKeyring();
        keyring.Add(Json("""{"ghcr.io": {"auth": "dTpw"}, "quay.io": {"identitytoken": "refresh"}}"""), legacy: true);

        Assert.Equal(("u", "p"), (keyring.Lookup("ghcr.io/x").Single().Username, keyring.Lookup("ghcr.io/x").Single().Password));
        Assert.Equal("refresh", keyring.Lookup("quay.io/x").Single().IdentityToken);
    }

    [Fact]
    public void A_document_that_does_not_parse_is_refused_without_echoing_it()
    {
        var keyring = new DockerKeyring();

        var e = Assert.Throws<FormatException>(() => keyring.Add(Json("""{"auths": {"x": {"password": "hunter2"}"""), legacy: false));

        Assert.DoesNotContain("hunter2", e.Message);
        Assert.Throws<FormatException>(() => keyring.Add(Json("""{"x": {}}"""), legacy: false));
    }

    [Fact]
    public void A_credential_never_prints_its_secret()
    {
        Assert.DoesNotContain("hunter2", new RegistryCredential("user", "hunter2", "token").ToString());
    }

    private static byte[] Json(string text) => Encoding.UTF8.GetBytes(text);
}
