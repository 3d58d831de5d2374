using System.Text.Json;
using Everynode.Agent.Images.Registry;

namespace Everynode.Agent.Images;

/// <summary>
/// Pulls from registries. Layout additions:
/// <code>
///   DIR/repodigests.json           {"docker.io/library/busybox@sha256:MANIFEST": "sha256:IMAGEID", …}
///   DIR/tmp/pull-MANIFEST.lock     held while that manifest's blobs are fetched and unpacked
/// </code>
/// Invariants: blobs are downloaded into a scratch folder and checked against their digest and size before they
/// are unpacked; the image appears by one rename, as for imports, so a crash or a dropped connection leaves only
/// scratch. Concurrent pulls of one manifest (local nodes sharing the store, pods sharing an image) serialise on its
/// lock file, and every one after the first finds the image present and fetches nothing.
/// </summary>
public sealed partial class ImageStore
{
    private const int MaxConfigBytes = 16 << 20;
    private const int ConcurrentDownloads = 3;

    private string RepoDigestFile => Path.Combine(Directory, "repodigests.json");

    /// <summary>The image a repository digest (<c>repo@sha256:…</c>) names, or null.</summary>
    public StoredImage? FindByRepoDigest(string repoDigest) =>
        ReadRepoDigests().TryGetValue(repoDigest, out var id) ? FindById(id) : null;

    /// <summary>The repository digests this image was pulled by, sorted.</summary>
    public IReadOnlyList<string> RepoDigestsOf(string imageId) =>
        ReadRepoDigests().Where(e => e.Value == imageId).Select(e => e.Key).Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Resolves <paramref name="reference"/> at its registry (mirrors first), fetches what the store lacks and tags
    /// it. <paramref name="credentials"/> are tried in order for the image's own registry (then the endpoint's
    /// configured credential, then none). Throws <see cref="ImagePullException"/>, naming the endpoint and cause.
    /// </summary>
    public async Task<PullResult> PullAsync(
        ImageReference reference,
        RegistryHosts hosts,
        IReadOnlyList<RegistryCredential>? credentials = null,
        Platform? platform = null,
        IProgress<PullProgress>? progress = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(hosts);
        platform ??= Platform.Host;
        var endpoints = hosts.EndpointsFor(reference.Registry);
        var failures = new List<ImagePullException>();
        foreach (var endpoint in endpoints)
        {
            var own = endpoint.BaseUri.Authority == RegistryHosts.DefaultEndpoint(reference.Registry).BaseUri.Authority;
            var creds = own ? credentials ?? [] : [];
            try
            {
                return await PullFromAsync(reference, hosts.Client(endpoint), creds, platform, progress, ct);
            }
            catch (ImagePullException e) when (!ct.IsCancellationRequested)
            {
                failures.Add(e);
            }
        }

        throw Summarise(failures, reference);
    }

    /// <summary>
    /// One error for a pull every endpoint refused: the most telling answer (not found, unauthorized, no platform,
    /// bad content, before an endpoint that could not be reached), with what the others said after it.
    /// </summary>
    private static ImagePullException Summarise(List<ImagePullException> failures, ImageReference reference)
    {
        if (failures.Count == 0)
        {
            return new ImagePullException(ImagePullFailure.Unreachable, $"no endpoint is configured for {reference.Registry}");
        }

        var primary = failures.FirstOrDefault(f => f.Failure != ImagePullFailure.Unreachable) ?? failures[^1];
        var others = failures.Where(f => !ReferenceEquals(f, primary)).Select(f => f.Message).ToList();
        return others.Count == 0
            ? primary
            : new ImagePullException(primary.Failure, $"{primary.Message} (also tried: {string.Join("; ", others)})", primary);
    }

    private async Task<PullResult> PullFromAsync(
        ImageReference reference, RegistryClient client, IReadOnlyList<RegistryCredential> credentials, Platform platform,
        IProgress<PullProgress>? progress, CancellationToken ct)
    {
        var path = client.Endpoint.RewritePath(reference.Path);
        var (bytes, contentType, topDigest) = await client.GetManifestAsync(path, reference.Digest ?? reference.Tag ?? "latest", credentials, ct, display: reference.ToString());
        var repoDigest = reference.Repository + "@" + topDigest;
        if (FindByRepoDigest(repoDigest) is { } known)
        {
            return await KnownAsync(reference, known, repoDigest, client, ct);
        }

        var manifest = Parse(bytes, contentType, client);
        if (manifest.IsIndex)
        {
            var entry = manifest.SelectPlatform(platform);
            var (inner, innerType, _) = await client.GetManifestAsync(path, entry.Digest.ToString(), credentials, ct);
            manifest = Parse(inner, innerType, client);
            if (manifest.IsIndex)
            {
                throw new ImagePullException(ImagePullFailure.InvalidContent, $"the index entry for {platform} at {client.Endpoint} is itself an index");
            }
        }

        System.IO.Directory.CreateDirectory(Path.Combine(Directory, "tmp"));
        await using var pullLock = await LockFileAsync(Path.Combine(Directory, "tmp", $"pull-{topDigest.Hex}.lock"), ct);
        if (FindByRepoDigest(repoDigest) is { } raced)
        {
            return await KnownAsync(reference, raced, repoDigest, client, ct);
        }

        var scratch = NewScratchFolder();
        try
        {
            var config = manifest.Config!;
            if (config.Size > MaxConfigBytes)
            {
                throw new ImagePullException(ImagePullFailure.InvalidContent, $"the image config is {config.Size} bytes, more than {MaxConfigBytes}");
            }

            var configFile = Path.Combine(scratch, "config.json");
            await client.DownloadBlobAsync(path, config, configFile, credentials, null, ct);
            var configJson = await File.ReadAllBytesAsync(configFile, ct);
            var id = config.Digest.ToString();
            long downloaded = config.Size;
            if (FindById(id) is null)
            {
                var rootfs = Path.Combine(scratch, "image", "rootfs");
                System.IO.Directory.CreateDirectory(rootfs);
                var diffIds = DiffIds(configJson, manifest.Layers.Count, id);
                await FetchAndApplyLayersAsync(client, path, manifest.Layers, diffIds, credentials, scratch, rootfs, progress, ct);
                downloaded += manifest.Layers.Sum(l => l.Size);

                StoredImage image;
                try
                {
                    image = ImageConfigJson.Read(configJson, id, _time.GetUtcNow()) with { Size = SizeOf(rootfs) };
                }
                catch (Exception e) when (e is JsonException or InvalidDataException or KeyNotFoundException or InvalidOperationException)
                {
                    throw new ImagePullException(ImagePullFailure.InvalidContent, $"the image config {id} is malformed: {e.Message}", e);
                }

                await File.WriteAllBytesAsync(Path.Combine(scratch, "image", "image.json"), JsonSerializer.SerializeToUtf8Bytes(image, Json), ct);
                await using var held = await LockAsync(ct);
                Publish(Path.Combine(scratch, "image"), id);
                await RecordPullAsync(reference, repoDigest, id, ct);
            }
            else
            {
                await using var held = await LockAsync(ct);
                await RecordPullAsync(reference, repoDigest, id, ct);
            }

            return new PullResult(FindById(id)!, repoDigest, downloaded, client.Endpoint.ToString());
        }
        finally
        {
            DeleteQuietly(scratch);
        }
    }

    /// <summary>A manifest the store already holds: only the tag moves to it; nothing is fetched.</summary>
    private async Task<PullResult> KnownAsync(ImageReference reference, StoredImage known, string repoDigest, RegistryClient client, CancellationToken ct)
    {
        await using var held = await LockAsync(ct);
        if (reference.Tag is not null)
        {
            await TagAsync(reference.Key, known.Id, ct);
        }

        return new PullResult(known, repoDigest, 0, client.Endpoint.ToString());
    }

    /// <summary>
    /// Fetches the layers a few at a time (containerd's default of three) into the scratch folder and applies each,
    /// bottom first, as soon as it and those below it are in: unpacking overlaps the downloads above it. A layer
    /// listed twice (legal, if rare) is fetched once and applied at each place.
    /// </summary>
    private static async Task FetchAndApplyLayersAsync(
        RegistryClient client, string path, IReadOnlyList<Descriptor> layers, List<string>? diffIds,
        IReadOnlyList<RegistryCredential> credentials, string scratch, string rootfs, IProgress<PullProgress>? progress, CancellationToken ct)
    {
        foreach (var layer in layers)
        {
            if (!MediaTypes.IsLayer(layer.MediaType))
            {
                throw new ImagePullException(ImagePullFailure.InvalidContent, $"layer {layer.Digest} has unsupported media type \"{layer.MediaType}\"");
            }
        }

        using var failed = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var slots = new SemaphoreSlim(ConcurrentDownloads);
        var fetches = new Dictionary<BlobDigest, Task<string>>();
        foreach (var layer in layers)
        {
            if (!fetches.ContainsKey(layer.Digest))
            {
                fetches[layer.Digest] = FetchAsync(layer);
            }
        }

        try
        {
            for (var i = 0; i < layers.Count; i++)
            {
                var layer = layers[i];
                var diffId = diffIds?[i];
                var file = await fetches[layer.Digest];
                try
                {
                    await Task.Run(() => LayerApplier.Apply(rootfs, file, failed.Token, UnpackLimit(layer.Size), diffId), failed.Token);
                }
                catch (InvalidDataException e)
                {
                    throw new ImagePullException(ImagePullFailure.InvalidContent, $"layer {layer.Digest}: {e.Message}", e);
                }
            }
        }
        catch
        {
            await failed.CancelAsync();
            await Task.WhenAll(fetches.Values).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            throw;
        }

        async Task<string> FetchAsync(Descriptor layer)
        {
            await slots.WaitAsync(failed.Token);
            try
            {
                var file = Path.Combine(scratch, "layer-" + layer.Digest.Hex);
                long done = 0;
                progress?.Report(new PullProgress(layer.Digest.ToString(), 0, layer.Size));
                await client.DownloadBlobAsync(path, layer, file, credentials, n =>
                {
                    done += n;
                    progress?.Report(new PullProgress(layer.Digest.ToString(), done, layer.Size));
                }, failed.Token);
                return file;
            }
            finally
            {
                slots.Release();
            }
        }
    }

    /// <summary>The config's <c>rootfs.diff_ids</c>, one per layer, which the unpacked layers must match; null when
    /// the config lists none. A count that differs from the manifest's layers is refused, as containerd refuses it.</summary>
    private static List<string>? DiffIds(byte[] configJson, int layers, string id)
    {
        try
        {
            using var document = JsonDocument.Parse(configJson);
            if (!document.RootElement.TryGetProperty("rootfs", out var rootfs) || rootfs.ValueKind != JsonValueKind.Object
                || !rootfs.TryGetProperty("diff_ids", out var ids) || ids.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var list = ids.EnumerateArray().Select(e => e.GetString() ?? "").ToList();
            return list.Count == layers
                ? list
                : throw new ImagePullException(ImagePullFailure.InvalidContent, $"the image config {id} lists {list.Count} diff_ids for {layers} layers");
        }
        catch (JsonException e)
        {
            throw new ImagePullException(ImagePullFailure.InvalidContent, $"the image config {id} is not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>A layer may unpack to at most this many bytes: generous for real images (which compress a few
    /// times), fatal for a decompression bomb.</summary>
    private static long UnpackLimit(long compressed) => Math.Max(256L << 20, compressed * 64);

    private static ManifestDocument Parse(byte[] bytes, string? contentType, RegistryClient client)
    {
        try
        {
            return ManifestDocument.Parse(bytes, contentType);
        }
        catch (InvalidDataException e)
        {
            throw new ImagePullException(ImagePullFailure.InvalidContent, $"{client.Endpoint}: {e.Message}", e);
        }
    }

    private async Task RecordPullAsync(ImageReference reference, string repoDigest, string id, CancellationToken ct)
    {
        if (reference.Tag is not null)
        {
            await TagAsync(reference.Key, id, ct);
        }

        var digests = ReadRepoDigests();
        digests[repoDigest] = id;
        await WriteRepoDigestsAsync(digests, ct);
    }

    private Task WriteRepoDigestsAsync(Dictionary<string, string> digests, CancellationToken ct) => WriteMapAsync(RepoDigestFile, digests, ct);

    private Dictionary<string, string> ReadRepoDigests() => ReadMap(RepoDigestFile);
}
