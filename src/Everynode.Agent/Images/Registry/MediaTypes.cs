namespace Everynode.Agent.Images.Registry;

/// <summary>The manifest and layer media types of the OCI image spec and Docker's schema 2, and the Accept header
/// that negotiates them (indexes first, so that a multi-platform tag answers with its list).</summary>
internal static class MediaTypes
{
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerSchema1 = "application/vnd.docker.distribution.manifest.v1+json";
    public const string DockerSchema1Signed = "application/vnd.docker.distribution.manifest.v1+prettyjws";

    public static readonly string[] Accepted = [OciIndex, DockerManifestList, OciManifest, DockerManifest];

    public static bool IsIndex(string? mediaType) => mediaType is OciIndex or DockerManifestList;

    /// <summary>Layer tarballs, uncompressed, gzip or zstd (OCI and Docker names; the content is sniffed anyway).</summary>
    public static bool IsLayer(string? mediaType) => mediaType is not null
        && (mediaType.StartsWith("application/vnd.oci.image.layer.", StringComparison.Ordinal)
            || mediaType.StartsWith("application/vnd.docker.image.rootfs.", StringComparison.Ordinal));

    public static bool IsManifest(string? mediaType) => mediaType is OciManifest or DockerManifest;
}
