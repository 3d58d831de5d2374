using Everynode.Agent.Images;
using Everynode.Agent.Images.Registry;

namespace Everynode.Agent.Tests.Images.Registry;

/// <summary>Pulls from a real registry (Debian's docker-registry) on 127.0.0.1, with the test's CA.</summary>
public sealed class RegistryPullTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new("everynode-pull-");
    private LocalRegistry _registry = null!;

    public async Task InitializeAsync()
    {
        Assert.True(LocalRegistry.Available, $"{LocalRegistry.Binary} is missing (run-tests installs Debian's docker-registry)");
        _registry = await LocalRegistry.StartAsync(_dir.Combine("registry"));
    }

    public async Task DisposeAsync()
    {
        await _registry.DisposeAsync();
        _dir.Delete();
    }

    [Fact]
    public async Task Pulls_a_tag_unpacks_its_layers_and_records_the_repo_digest()
    {
        var (digest, _) = await TestImages.PushImageAsync(_registry, "tools/marker", "1.0",
            [TestImages.MarkerLayer("lower"), TestArchive.Gzip(TestArchive.Tar(TestArchive.File("etc/upper", "upper")))]);
        var store = Store();
        using var hosts = Hosts();

        var result = await store.PullAsync(ImageReference.Parse($"{_registry.Host}/tools/marker:1.0"), hosts);

        Assert.Equal($"{_registry.Host}/tools/marker@{digest}", result.RepoDigest);
        Assert.Equal("lower", File.ReadAllText(Path.Combine(result.Image.RootfsPath, "etc/marker")));
        Assert.Equal("upper", File.ReadAllText(Path.Combine(result.Image.RootfsPath, "etc/upper")));
        Assert.Contains("MARKER=tools/marker", result.Image.Env);
        Assert.True(result.Downloaded > 0);
        Assert.Equal(result.Image.Id, (await store.ResolveAsync($"{_registry.Host}/tools/marker:1.0", default)).Id);
        Assert.Equal(result.Image.Id, store.FindByRepoDigest(result.RepoDigest)?.Id);
        Assert.Equal([result.RepoDigest], store.RepoDigestsOf(result.Image.Id));
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(store.Directory + "/tmp"), p => !p.EndsWith(".lock", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pulls_by_digest_and_a_second_pull_fetches_nothing()
    {
        var (digest, _) = await TestImages.PushImageAsync(_registry, "tools/pinned", "v1", [TestImages.MarkerLayer("pinned")], manifestMediaType: TestImages.DockerManifest,
            layerMediaType: "application/vnd.docker.image.rootfs.diff.tar.gzip");
        var store = Store();
        using var hosts = Hosts();
        var reference = ImageReference.Parse($"{_registry.Host}/tools/pinned@{digest}");

        var first = await store.PullAsync(reference, hosts);
        var second = await store.PullAsync(reference, hosts);

        Assert.Equal("pinned", File.ReadAllText(Path.Combine(first.Image.RootfsPath, "etc/marker")));
        Assert.Equal(0, second.Downloaded);
        Assert.Equal(first.Image.Id, second.Image.Id);
    }

    [Fact]
    public async Task Picks_the_hosts_platform_from_an_index()
    {
        var other = await TestImages.PushImageAsync(_registry, "multi/app", null, [TestImages.MarkerLayer("s390x")], marker: "s390x");
        var mine = await TestImages.PushImageAsync(_registry, "multi/app", null, [TestImages.MarkerLayer(TestImages.HostArch)], marker: "host");
        var index = await TestImages.PushIndexAsync(_registry, "multi/app", "latest",
            (other.Digest, other.Manifest, "linux", "s390x", null), (mine.Digest, mine.Manifest, "linux", TestImages.HostArch, null));
        using var hosts = Hosts();

        var result = await Store().PullAsync(ImageReference.Parse($"{_registry.Host}/multi/app"), hosts);

        Assert.Equal(TestImages.HostArch, File.ReadAllText(Path.Combine(result.Image.RootfsPath, "etc/marker")));
        Assert.Equal($"{_registry.Host}/multi/app@{index}", result.RepoDigest);
    }

    [Fact]
    public async Task An_index_without_the_hosts_platform_says_which_platforms_it_has()
    {
        var other = await TestImages.PushImageAsync(_registry, "multi/foreign", null, [TestImages.MarkerLayer("x")]);
        await TestImages.PushIndexAsync(_registry, "multi/foreign", "1", (other.Digest, other.Manifest, "linux", "s390x", null), (other.Digest, other.Manifest, "windows", "amd64", null));
        using var hosts = Hosts();

        var e = await Assert.ThrowsAsync<ImagePullException>(() => Store().PullAsync(ImageReference.Parse($"{_registry.Host}/multi/foreign:1"), hosts));

        Assert.Equal(ImagePullFailure.NoMatchingPlatform, e.Failure);
        Assert.Contains("linux/s390x, windows/amd64", e.Message);
        Assert.Contains("not linux/" + TestImages.HostArch, e.Message);
    }

    [Fact]
    public async Task Unpacks_zstd_and_uncompressed_layers()
    {
        var zstd = Zstd(TestArchive.Tar(TestArchive.Dir("etc/"), TestArchive.File("etc/marker", "zstd")));
        var plain = TestArchive.Tar(TestArchive.File("etc/plain", "plain"));
        await TestImages.PushImageAsync(_registry, "tools/zstd", "1", [zstd], layerMediaType: "application/vnd.oci.image.layer.v1.tar+zstd");
        await TestImages.PushImageAsync(_registry, "tools/plain", "1", [plain], layerMediaType: "application/vnd.oci.image.layer.v1.tar");
        var store = Store();
        using var hosts = Hosts();

        var z = await store.PullAsync(ImageReference.Parse($"{_registry.Host}/tools/zstd:1"), hosts);
        var p = await store.PullAsync(ImageReference.Parse($"{_registry.Host}/tools/plain:1"), hosts);

        Assert.Equal("zstd", File.ReadAllText(Path.Combine(z.Image.RootfsPath, "etc/marker")));
        Assert.Equal("plain", File.ReadAllText(Path.Combine(p.Image.RootfsPath, "etc/plain")));
    }

    [Fact]
    public async Task A_missing_tag_is_not_found_at_the_endpoint()
    {
        await TestImages.PushImageAsync(_registry, "tools/exists", "1", [TestImages.MarkerLayer("x")]);
        using var hosts = Hosts();

        var tag = await Assert.ThrowsAsync<ImagePullException>(() => Store().PullAsync(ImageReference.Parse($"{_registry.Host}/tools/exists:2"), hosts));
        var repo = await Assert.ThrowsAsync<ImagePullException>(() => Store().PullAsync(ImageReference.Parse($"{_registry.Host}/tools/nothing:1"), hosts));

        Assert.Equal(ImagePullFailure.NotFound, tag.Failure);
        Assert.Contains("tools/exists:2: not found", tag.Message);
        Assert.Contains("manifest unknown", tag.Message);
        Assert.Contains($"https://{_registry.Host}", tag.Message);
        Assert.Equal(ImagePullFailure.NotFound, repo.Failure);
    }

    [Fact]
    public async Task A_registry_whose_CA_is_not_trusted_fails_verification_and_says_so()
    {
        using var hosts = new RegistryHosts(host => [new RegistryEndpoint(new Uri("https://" + host))]);

        var e = await Assert.ThrowsAsync<ImagePullException>(() => Store().PullAsync(ImageReference.Parse($"{_registry.Host}/tools/any:1"), hosts));

        Assert.Equal(ImagePullFailure.Unreachable, e.Failure);
        Assert.Contains("tls: failed to verify certificate", e.Message);
        Assert.Contains($"https://{_registry.Host}/v2/tools/any/manifests/1", e.Message);
    }

    [Fact]
    public async Task A_refused_mirror_falls_back_to_the_next_endpoint()
    {
        await TestImages.PushImageAsync(_registry, "tools/mirrored", "1", [TestImages.MarkerLayer("mirrored")]);
        var closed = FreePorts.Take(1)[0];
        using var refused = new RegistryHosts(_ => [new RegistryEndpoint(new Uri($"https://127.0.0.1:{closed}"))]);
        using var fallback = new RegistryHosts(_ =>
            [new RegistryEndpoint(new Uri($"https://127.0.0.1:{closed}")), new RegistryEndpoint(new Uri("https://" + _registry.Host), Tls())]);

        var e = await Assert.ThrowsAsync<ImagePullException>(() => Store().PullAsync(ImageReference.Parse("example.com/tools/mirrored:1"), refused));
        var result = await Store().PullAsync(ImageReference.Parse("example.com/tools/mirrored:1"), fallback);

        Assert.Contains("connection refused", e.Message);
        Assert.Contains($"127.0.0.1:{closed}", e.Message);
        Assert.Equal("https://" + _registry.Host, result.Endpoint);
        Assert.StartsWith("example.com/tools/mirrored@sha256:", result.RepoDigest);
    }

    [Fact]
    public async Task A_blob_that_does_not_match_its_digest_is_refused_and_nothing_is_stored()
    {
        var layer = TestImages.MarkerLayer("genuine");
        await TestImages.PushImageAsync(_registry, "tools/tampered", "1", [layer]);
        var stored = Directory.EnumerateFiles(_dir.Combine("registry", "data"), "data", SearchOption.AllDirectories)
            .Single(f => Path.GetFileName(Path.GetDirectoryName(f)) == TestArchive.Digest(layer)[7..]);
        var forged = (byte[])layer.Clone();
        forged[^5] ^= 0xff;
        File.WriteAllBytes(stored, forged);
        var store = Store();
        using var hosts = Hosts();

        var e = await Assert.ThrowsAsync<ImagePullException>(() => store.PullAsync(ImageReference.Parse($"{_registry.Host}/tools/tampered:1"), hosts));

        Assert.Equal(ImagePullFailure.InvalidContent, e.Failure);
        Assert.Contains($"not {TestArchive.Digest(layer)}", e.Message);
        Assert.Empty(store.List());
    }

    [Fact]
    public async Task Layers_must_match_the_configs_diff_ids()
    {
        var tar = TestArchive.Tar(TestArchive.Dir("etc/"), TestArchive.File("etc/marker", "checked"));
        byte[] Config(string diffId) => System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new
        {
            architecture = TestImages.HostArch,
            os = "linux",
            config = new { Cmd = new[] { "sh" } },
            rootfs = new { type = "layers", diff_ids = new[] { diffId } },
        });
        await TestImages.PushImageAsync(_registry, "tools/checked", "good", [TestArchive.Gzip(tar)], config: Config(TestArchive.Digest(tar)));
        await TestImages.PushImageAsync(_registry, "tools/checked", "bad", [TestArchive.Gzip(tar)], config: Config("sha256:" + new string('0', 64)));
        var store = Store();
        using var hosts = Hosts();

        var good = await store.PullAsync(ImageReference.Parse($"{_registry.Host}/tools/checked:good"), hosts);
        var bad = await Assert.ThrowsAsync<ImagePullException>(() => store.PullAsync(ImageReference.Parse($"{_registry.Host}/tools/checked:bad"), hosts));

        Assert.Equal("checked", File.ReadAllText(Path.Combine(good.Image.RootfsPath, "etc/marker")));
        Assert.Equal(ImagePullFailure.InvalidContent, bad.Failure);
        Assert.Contains("diff_ids say sha256:0000", bad.Message);
    }

    [Fact]
    public async Task A_decompression_bomb_is_refused()
    {
        var zeros = new byte[300 << 20];
        var bomb = TestArchive.Gzip(TestArchive.Tar(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, "zeros") { DataStream = new MemoryStream(zeros) }));
        await TestImages.PushImageAsync(_registry, "tools/bomb", "1", [bomb]);
        var store = Store();
        using var hosts = Hosts();

        var e = await Assert.ThrowsAsync<ImagePullException>(() => store.PullAsync(ImageReference.Parse($"{_registry.Host}/tools/bomb:1"), hosts));

        Assert.Contains("decompression bomb", e.Message);
        Assert.Empty(store.List());
    }

    [Fact]
    public async Task Concurrent_pulls_of_one_image_fetch_it_once()
    {
        await TestImages.PushImageAsync(_registry, "tools/shared", "1", [TestImages.MarkerLayer("a"), TestImages.MarkerLayer("b")]);
        var reference = ImageReference.Parse($"{_registry.Host}/tools/shared:1");
        using var one = Hosts();
        using var two = Hosts();

        var results = await Task.WhenAll(
            Enumerable.Range(0, 6).Select(i => Task.Run(() => Store().PullAsync(reference, i % 2 == 0 ? one : two))));

        Assert.Single(results.Select(r => r.Image.Id).Distinct());
        Assert.Single(results, r => r.Downloaded > 0);
    }

    [Fact]
    public async Task A_cancelled_pull_leaves_no_image_behind()
    {
        var big = TestArchive.Gzip(TestArchive.Tar(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, "random")
        {
            DataStream = new MemoryStream(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32 << 20)),
        }));
        await TestImages.PushImageAsync(_registry, "tools/big", "1", [big]);
        var store = Store();
        using var hosts = Hosts();
        using var cancel = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            store.PullAsync(ImageReference.Parse($"{_registry.Host}/tools/big:1"), hosts, progress: new SyncProgress(cancel), ct: cancel.Token));

        Assert.Empty(store.List());
        Assert.Empty(Directory.EnumerateDirectories(Path.Combine(store.Directory, "tmp")));
    }

    private ImageStore Store() => new(_dir.Combine("store"));

    private RegistryHosts Hosts() => new(host => [new RegistryEndpoint(new Uri("https://" + host), Tls())]);

    private RegistryTls Tls() => new(_registry.CaFile, null, null, false);

    private static byte[] Zstd(byte[] bytes)
    {
        using var compressor = new ZstdSharp.Compressor();
        return compressor.Wrap(bytes).ToArray();
    }

    /// <summary>Cancels as soon as the first bytes arrive (synchronously, unlike <see cref="Progress{T}"/>).</summary>
    private sealed class SyncProgress(CancellationTokenSource cancel) : IProgress<PullProgress>
    {
        public void Report(PullProgress value)
        {
            if (value.Done > 0)
            {
                cancel.Cancel();
            }
        }
    }
}
