using System.Text.Json;

namespace Everynode.Agent.Tests.Images.Registry;

/// <summary>Builds small images in memory and pushes them to a <see cref="LocalRegistry"/>.</summary>
internal static class TestImages
{
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";

    /// <summary>The host's architecture in image-index words.</summary>
    public static string HostArch => System.Runtime.InteropServices.RuntimeInformation.OSArchitecture switch
    {
        System.Runtime.InteropServices.Architecture.Arm64 => "arm64",
        _ => "amd64",
    };

    /// <summary>A one-file layer: <c>etc/marker</c> holding <paramref name="marker"/>.</summary>
    public static byte[] MarkerLayer(string marker) =>
        TestArchive.Gzip(TestArchive.Tar(TestArchive.Dir("etc/"), TestArchive.File("etc/marker", marker)));

    /// <summary>Pushes an image manifest (config + layers) and tags it; returns the manifest and its digest.</summary>
    public static async Task<(string Digest, byte[] Manifest)> PushImageAsync(
        LocalRegistry registry, string repository, string? tag, byte[][] layers,
        string layerMediaType = "application/vnd.oci.image.layer.v1.tar+gzip", string manifestMediaType = OciManifest, string? marker = null,
        byte[]? config = null)
    {
        config ??= TestArchive.Config(null, ["/bin/sh"], ["PATH=/bin", $"MARKER={marker ?? repository}"], null);
        var configDigest = await registry.PushBlobAsync(repository, config);
        var descriptors = new List<object>();
        foreach (var layer in layers)
        {
            descriptors.Add(new { mediaType = layerMediaType, digest = await registry.PushBlobAsync(repository, layer), size = layer.Length });
        }

        var manifest = JsonSerializer.SerializeToUtf8Bytes(new
        {
            schemaVersion = 2,
            mediaType = manifestMediaType,
            config = new
            {
                mediaType = manifestMediaType == DockerManifest ? "application/vnd.docker.container.image.v1+json" : "application/vnd.oci.image.config.v1+json",
                digest = configDigest,
                size = config.Length,
            },
            layers = descriptors,
        });
        var digest = await registry.PushManifestAsync(repository, tag ?? TestArchive.Digest(manifest), manifest, manifestMediaType);
        return (digest, manifest);
    }

    /// <summary>Pushes an index over already pushed manifests, each with its platform, and tags it.</summary>
    public static async Task<string> PushIndexAsync(
        LocalRegistry registry, string repository, string tag, params (string Digest, byte[] Manifest, string Os, string Arch, string? Variant)[] entries)
    {
        var index = JsonSerializer.SerializeToUtf8Bytes(new
        {
            schemaVersion = 2,
            mediaType = OciIndex,
            manifests = entries.Select(e => new
            {
                mediaType = OciManifest,
                digest = e.Digest,
                size = e.Manifest.Length,
                platform = e.Variant is null ? (object)new { os = e.Os, architecture = e.Arch } : new { os = e.Os, architecture = e.Arch, variant = e.Variant },
            }),
        });
        return await registry.PushManifestAsync(repository, tag, index, OciIndex);
    }
}
