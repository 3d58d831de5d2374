using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Everynode.E2E.Tests.Up;

namespace Everynode.E2E.Tests.Images;

/// <summary>
/// <c>everynode up --registry-config</c> with real registries (Debian's docker-registry) on 127.0.0.1 and the real
/// kubectl: short Docker Hub names through a mirror, a digest, a private registry with a pull secret made by
/// <c>kubectl create secret docker-registry</c>, a missing tag, a registry whose CA the node does not trust, a refused connection, and <c>Always</c> following
/// a moved tag. The image is
/// built by the test from the host's static busybox.
/// </summary>
[Collection(LocalClustersDefinition.Name)]
public sealed class RegistryPullClusterTests : IAsyncLifetime
{
    private static readonly (string User, string Password) Puller = ("puller", "pull-s3cret");
    private readonly TempDirectory _dir = new("everynode-e2e-pull-");
    private LocalRegistry _mirror = null!;
    private LocalRegistry _private = null!;
    private LocalRegistry _untrusted = null!;
    private int _closedPort;

    public async Task InitializeAsync()
    {
        Assert.True(LocalRegistry.Available, $"{LocalRegistry.Binary} is missing (run-tests installs Debian's docker-registry)");
        _mirror = await LocalRegistry.StartAsync(_dir.Combine("mirror"), accessLog: true);
        _private = await LocalRegistry.StartAsync(_dir.Combine("private"), user: Puller);
        _untrusted = await LocalRegistry.StartAsync(_dir.Combine("untrusted"));
        _closedPort = FreePorts.One();
    }

    public async Task DisposeAsync()
    {
        await _mirror.DisposeAsync();
        await _private.DisposeAsync();
        await _untrusted.DisposeAsync();
        _dir.Delete();
    }

    [Fact]
    public async Task Pods_pull_through_a_mirror_a_digest_and_a_pull_secret_and_failures_read_as_the_kubelets()
    {
        var (digest, layer) = await PushRunnableAsync(_mirror, "library/hello", "1", "hello from the mirror");
        await PushRunnableAsync(_private, "team/secret-app", "1", "hello from the private registry");
        var config = _dir.Combine("registries.yaml");
        await File.WriteAllTextAsync(config, $"""
            mirrors:
              docker.io:
                endpoint:
                  - "https://{_mirror.Host}"
            configs:
              "{_mirror.Host}":
                tls:
                  ca_file: {_mirror.CaFile}
              "{_private.Host}":
                tls:
                  ca_file: {_private.CaFile}
            """);
        await using var cluster = new LocalClusterRun();
        (await cluster.UpAsync("--nodes", "2", "--registry-config", config)).EnsureSuccess();
        var kubectl = cluster.Kubectl;

        // A short Docker Hub name, through the mirror, on both nodes; the one store of the host fetches it once.
        (await kubectl.RunAsync(["apply", "-f", "-"], """
            apiVersion: apps/v1
            kind: DaemonSet
            metadata: {name: hello}
            spec:
              selector: {matchLabels: {app: hello}}
              template:
                metadata: {labels: {app: hello}}
                spec:
                  containers: [{name: hello, image: "hello:1"}]
            """)).EnsureSuccess();
        await LocalClusterWait.DaemonSetAsync(cluster, "default", "hello", desired: 2);
        var imageIds = await kubectl.SucceedAsync("get", "pods", "-l", "app=hello", "-o", "jsonpath={range .items[*]}{.status.containerStatuses[0].imageID}{\"\\n\"}{end}");
        Assert.Equal([$"docker.io/library/hello@{digest}", $"docker.io/library/hello@{digest}"], imageIds.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(1, _mirror.Requests("GET", layer));
        await LocalClusterWait.UntilAsync(cluster, async () => (await kubectl.RunAsync("logs", "-l", "app=hello", "--tail", "1")).Stdout.Contains("hello from the mirror", StringComparison.Ordinal),
            "the pulled image's output");
        var events = await kubectl.SucceedAsync("get", "events", "--field-selector", "reason=Pulled", "-o", "jsonpath={range .items[*]}{.message}{\"\\n\"}{end}");
        Assert.Contains("Successfully pulled image \"hello:1\" in ", events.Stdout, StringComparison.Ordinal);

        // By digest, and from a private registry with a pull secret as kubectl makes it.
        (await kubectl.RunAsync("create", "secret", "docker-registry", "regcred", $"--docker-server={_private.Host}",
            $"--docker-username={Puller.User}", $"--docker-password={Puller.Password}")).EnsureSuccess();
        (await kubectl.RunAsync(["apply", "-f", "-"], $$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: pinned}
            spec:
              containers: [{name: main, image: "hello@{{digest}}"}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: private}
            spec:
              imagePullSecrets: [{name: regcred}]
              containers: [{name: main, image: "{{_private.Host}}/team/secret-app:1"}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: nosecret}
            spec:
              containers: [{name: main, image: "{{_private.Host}}/team/secret-app:1", imagePullPolicy: Always}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: missing}
            spec:
              containers: [{name: main, image: "hello:2"}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: untrusted}
            spec:
              containers: [{name: main, image: "{{_untrusted.Host}}/team/app:1"}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: refused}
            spec:
              containers: [{name: main, image: "127.0.0.1:{{_closedPort}}/team/app:1"}]
            """)).EnsureSuccess();
        (await kubectl.RunAsync("wait", "--for=condition=Ready", "pod/pinned", "pod/private", "--timeout=60s")).EnsureSuccess();
        await WaitForWaitingReasonAsync(cluster, "nosecret", "ErrImagePull", "ImagePullBackOff");
        await WaitForWaitingReasonAsync(cluster, "missing", "ErrImagePull", "ImagePullBackOff");
        await WaitForWaitingReasonAsync(cluster, "untrusted", "ErrImagePull", "ImagePullBackOff");
        await WaitForWaitingReasonAsync(cluster, "refused", "ErrImagePull", "ImagePullBackOff");
        var failures = await kubectl.SucceedAsync("get", "events", "--field-selector", "reason=Failed", "-o", "jsonpath={range .items[*]}{.involvedObject.name}: {.message}{\"\\n\"}{end}");
        Assert.True(failures.Stdout.Contains("missing: Failed to pull image \"hello:2\": docker.io/library/hello:2: not found", StringComparison.Ordinal), failures.Stdout);
        Assert.Contains($"nosecret: Failed to pull image \"{_private.Host}/team/secret-app:1\": pull access denied", failures.Stdout, StringComparison.Ordinal);
        Assert.Contains($"untrusted: Failed to pull image \"{_untrusted.Host}/team/app:1\": GET https://{_untrusted.Host}/v2/team/app/manifests/1: tls: failed to verify certificate", failures.Stdout, StringComparison.Ordinal);
        Assert.Contains($"refused: Failed to pull image \"127.0.0.1:{_closedPort}/team/app:1\": GET https://127.0.0.1:{_closedPort}/v2/team/app/manifests/1: connect: connection refused", failures.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(Puller.Password, failures.Stdout, StringComparison.Ordinal);

        // Always follows a moved tag: the next pod runs the image the tag names now.
        var (moved, _) = await PushRunnableAsync(_mirror, "library/hello", "1", "hello again, moved");
        (await kubectl.RunAsync(["apply", "-f", "-"], """
            apiVersion: v1
            kind: Pod
            metadata: {name: follower}
            spec:
              containers: [{name: main, image: "hello:1", imagePullPolicy: Always}]
            """)).EnsureSuccess();
        (await kubectl.RunAsync("wait", "--for=condition=Ready", "pod/follower", "--timeout=60s")).EnsureSuccess();
        var followed = await kubectl.SucceedAsync("get", "pod", "follower", "-o", "jsonpath={.status.containerStatuses[0].imageID}");
        Assert.Equal($"docker.io/library/hello@{moved}", followed.Stdout);

        // The same pull from the command line, into a store of its own.
        var store = _dir.Combine("cli-store");
        var pulled = (await cluster.RunAsync(["image", "pull", "hello:1", "--registry-config", config, "--image-store", store])).EnsureSuccess();
        Assert.Contains($"pulled hello:1 (docker.io/library/hello@{moved}", pulled.Stdout, StringComparison.Ordinal);
        var again = (await cluster.RunAsync(["image", "pull", "hello:1", "--registry-config", config, "--image-store", store])).EnsureSuccess();
        Assert.Contains("image is up to date", again.Stdout, StringComparison.Ordinal);
        var listed = (await cluster.RunAsync(["image", "list", "--digests", "--image-store", store])).EnsureSuccess();
        Assert.Contains(moved[..19], listed.Stdout, StringComparison.Ordinal);
        var denied = await cluster.RunAsync(["image", "pull", $"{_private.Host}/team/secret-app:1", "--registry-config", config, "--image-store", store]);
        Assert.Equal(1, denied.ExitCode);
        Assert.Contains("pull access denied", denied.Stderr, StringComparison.Ordinal);
        (await cluster.RunAsync(["image", "pull", $"{_private.Host}/team/secret-app:1", "--registry-config", config, "--image-store", store,
            "--creds", $"{Puller.User}:{Puller.Password}"])).EnsureSuccess();
    }

    [Fact]
    public async Task Up_refuses_a_registry_config_that_does_not_parse_and_names_the_line()
    {
        var config = _dir.Combine("bad-registries.yaml");
        await File.WriteAllTextAsync(config, "mirrors:\n  docker.io:\n    endpoint: mirror.local\n");
        await using var cluster = new LocalClusterRun();

        var up = await cluster.UpAsync("--registry-config", config);

        Assert.Equal(2, up.ExitCode);
        Assert.Contains($"error: --registry-config: {config}: line 3: mirrors.docker.io.endpoint must be a list of URLs", up.Stderr, StringComparison.Ordinal);
        Assert.Null(cluster.State);
    }

    private static async Task WaitForWaitingReasonAsync(LocalClusterRun cluster, string pod, params string[] reasons)
    {
        var last = "";
        await LocalClusterWait.UntilAsync(cluster, async () =>
        {
            last = (await cluster.Kubectl.RunAsync("get", "pod", pod, "-o", "jsonpath={.status.containerStatuses[0].state.waiting.reason}")).Stdout;
            return reasons.Contains(last);
        }, () => $"pod {pod} waiting in {string.Join(" or ", reasons)} (last: {last})");
    }

    /// <summary>Pushes a one-layer image of the host's static busybox whose command prints <paramref name="greeting"/>
    /// and sleeps; returns its manifest digest and its layer's digest.</summary>
    private static async Task<(string Digest, string Layer)> PushRunnableAsync(LocalRegistry registry, string repository, string tag, string greeting)
    {
        var busybox = new[] { "/bin/busybox", "/usr/bin/busybox" }.First(File.Exists);
        var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "bin/") { Mode = (UnixFileMode)493 });
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "bin/busybox") { Mode = (UnixFileMode)493, DataStream = File.OpenRead(busybox) });
            writer.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "bin/sh") { LinkName = "busybox" });
            writer.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "bin/sleep") { LinkName = "busybox" });
        }

        var gzipped = new MemoryStream();
        using (var gzip = new GZipStream(gzipped, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(tar.ToArray());
        }

        var layer = gzipped.ToArray();
        var config = JsonSerializer.SerializeToUtf8Bytes(new
        {
            architecture = System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.Arm64 ? "arm64" : "amd64",
            os = "linux",
            config = new { Cmd = new[] { "/bin/sh", "-c", $"echo {greeting}; exec sleep 3600" }, Env = new[] { "PATH=/bin" } },
            rootfs = new { type = "layers", diff_ids = new[] { "sha256:" + Convert.ToHexStringLower(SHA256.HashData(tar.ToArray())) } },
        });
        var configDigest = await registry.PushBlobAsync(repository, config);
        var layerDigest = await registry.PushBlobAsync(repository, layer);
        var manifest = JsonSerializer.SerializeToUtf8Bytes(new
        {
            schemaVersion = 2,
            mediaType = "application/vnd.oci.image.manifest.v1+json",
            config = new { mediaType = "application/vnd.oci.image.config.v1+json", digest = configDigest, size = config.Length },
            layers = new[] { new { mediaType = "application/vnd.oci.image.layer.v1.tar+gzip", digest = layerDigest, size = layer.Length } },
        });
        return (await registry.PushManifestAsync(repository, tag, manifest, "application/vnd.oci.image.manifest.v1+json"), layerDigest);
    }
}
