namespace Everynode.Agent.Images;

/// <summary>What a pull produced.</summary>
/// <param name="Image">The image, unpacked in the store.</param>
/// <param name="RepoDigest">The repository and manifest digest it was pulled by
/// (<c>docker.io/library/busybox@sha256:…</c>): a container's <c>imageID</c>.</param>
/// <param name="Downloaded">Bytes fetched from the registry (0 when the store already had the image).</param>
/// <param name="Endpoint">The endpoint that served it.</param>
public sealed record PullResult(StoredImage Image, string RepoDigest, long Downloaded, string Endpoint);

/// <summary>Progress of one blob of a pull, for progress bars.</summary>
/// <param name="Digest">The blob (a layer or the config).</param>
/// <param name="Done">Bytes fetched so far.</param>
/// <param name="Total">Its size.</param>
public sealed record PullProgress(string Digest, long Done, long Total);
