using Everynode.Agent.Images;
using Everynode.Agent.Images.Registry;

namespace Everynode.Agent.Tests.Images.Registry;

/// <summary>Basic auth (htpasswd) and the Bearer challenge flow, against a real registry.</summary>
public sealed class RegistryAuthTests : IDisposable
{
    private static readonly (string User, string Password) User = ("puller", "s3cret-pw");
    private readonly TempDirectory _dir = new("everynode-auth-");

    [Fact]
    public async Task Basic_auth_needs_the_right_credential_and_the_error_never_shows_it()
    {
        await using var registry = await LocalRegistry.StartAsync(_dir.Combine("basic"), user: User);
        await TestImages.PushImageAsync(registry, "private/app", "1", [TestImages.MarkerLayer("private")]);
        var reference = ImageReference.Parse($"{registry.Host}/private/app:1");
        using var hosts = Hosts(registry);

        var anonymous = await Assert.ThrowsAsync<ImagePullException>(() => Store().PullAsync(reference, hosts));
        var wrong = await Assert.ThrowsAsync<ImagePullException>(() => Store().PullAsync(reference, hosts, [new RegistryCredential(User.User, "wrong-pw")]));
        var result = await Store().PullAsync(reference, hosts, [new RegistryCredential(User.User, "wrong-pw"), new RegistryCredential(User.User, User.Password)]);

        Assert.Equal(ImagePullFailure.Unauthorized, anonymous.Failure);
        Assert.Contains("pull access denied", anonymous.Message);
        Assert.Equal(ImagePullFailure.Unauthorized, wrong.Failure);
        Assert.DoesNotContain("wrong-pw", wrong.ToString());
        Assert.Equal("private", File.ReadAllText(Path.Combine(result.Image.RootfsPath, "etc/marker")));
    }

    [Fact]
    public async Task The_node_configured_credential_is_used_when_the_pod_has_none()
    {
        await using var registry = await LocalRegistry.StartAsync(_dir.Combine("node"), user: User);
        await TestImages.PushImageAsync(registry, "private/node", "1", [TestImages.MarkerLayer("node")]);
        using var hosts = new RegistryHosts(host =>
            [new RegistryEndpoint(new Uri("https://" + host), new RegistryTls(registry.CaFile, null, null, false), new RegistryCredential(User.User, User.Password))]);

        var result = await Store().PullAsync(ImageReference.Parse($"{registry.Host}/private/node:1"), hosts);

        Assert.Equal("node", File.ReadAllText(Path.Combine(result.Image.RootfsPath, "etc/marker")));
    }

    [Fact]
    public async Task Bearer_tokens_are_fetched_from_the_realm_anonymously_or_with_credentials_and_reused()
    {
        using var tokens = new TokenServer(_dir.Combine("tokens"), User);
        await using var registry = await LocalRegistry.StartAsync(_dir.Combine("bearer"), tokens: tokens);
        await TestImages.PushImageAsync(registry, "public/app", "1", [TestImages.MarkerLayer("public"), TestImages.MarkerLayer("second")]);
        await TestImages.PushImageAsync(registry, "private/app", "1", [TestImages.MarkerLayer("private")]);
        using var hosts = Hosts(registry);
        var before = tokens.Requests;

        var open = await Store().PullAsync(ImageReference.Parse($"{registry.Host}/public/app:1"), hosts);
        var afterPublic = tokens.Requests;
        var denied = await Assert.ThrowsAsync<ImagePullException>(() => Store().PullAsync(ImageReference.Parse($"{registry.Host}/private/app:1"), hosts));
        var granted = await Store().PullAsync(ImageReference.Parse($"{registry.Host}/private/app:1"), hosts, [new RegistryCredential(User.User, User.Password)]);

        Assert.Equal("second", File.ReadAllText(Path.Combine(open.Image.RootfsPath, "etc/marker")));
        Assert.Equal(1, afterPublic - before);
        Assert.Equal(ImagePullFailure.Unauthorized, denied.Failure);
        Assert.Equal("private", File.ReadAllText(Path.Combine(granted.Image.RootfsPath, "etc/marker")));
    }

    public void Dispose() => _dir.Delete();

    private ImageStore Store() => new(_dir.Combine("store"));

    private static RegistryHosts Hosts(LocalRegistry registry) =>
        new(host => [new RegistryEndpoint(new Uri("https://" + host), new RegistryTls(registry.CaFile, null, null, false))]);
}
