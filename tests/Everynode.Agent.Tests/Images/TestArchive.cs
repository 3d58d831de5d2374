using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Everynode.Agent.Tests.Images;

/// <summary>Builds layer tars and image archives (docker save, OCI layout) in memory for the tests.</summary>
internal static class TestArchive
{
    public static TarEntry Dir(string name) => new PaxTarEntry(TarEntryType.Directory, name) { Mode = (UnixFileMode)Convert.ToInt32("755", 8) };

    public static TarEntry File(string name, string content, string mode = "644") => new PaxTarEntry(TarEntryType.RegularFile, name)
    {
        Mode = (UnixFileMode)Convert.ToInt32(mode, 8),
        DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)),
    };

    public static TarEntry Symlink(string name, string target) => new PaxTarEntry(TarEntryType.SymbolicLink, name) { LinkName = target };

    public static TarEntry HardLink(string name, string target) => new PaxTarEntry(TarEntryType.HardLink, name) { LinkName = target };

    public static byte[] Tar(params TarEntry[] entries)
    {
        var stream = new MemoryStream();
        using (var writer = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var entry in entries)
            {
                writer.WriteEntry(entry);
            }
        }

        return stream.ToArray();
    }

    public static byte[] Gzip(byte[] bytes)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }

    public static byte[] Config(string[]? entrypoint, string[] cmd, string[] env, string? workingDir) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        architecture = "amd64",
        os = "linux",
        config = new { Entrypoint = entrypoint, Cmd = cmd, Env = env, WorkingDir = workingDir ?? "" },
        rootfs = new { type = "layers" },
    });

    public static string Digest(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>A <c>docker save</c> archive: manifest.json, the config, one folder per layer.</summary>
    public static byte[] DockerSave(string repoTag, byte[] config, params byte[][] layers)
    {
        var entries = new List<TarEntry>();
        var configName = Digest(config)[7..] + ".json";
        entries.Add(Blob(configName, config));
        var layerNames = new List<string>();
        for (var i = 0; i < layers.Length; i++)
        {
            var name = $"layer{i}/layer.tar";
            entries.Add(Dir($"layer{i}/"));
            entries.Add(Blob(name, layers[i]));
            layerNames.Add(name);
        }

        entries.Add(Blob("manifest.json", JsonSerializer.SerializeToUtf8Bytes(new[] { new { Config = configName, RepoTags = new[] { repoTag }, Layers = layerNames } })));
        return Tar([.. entries]);
    }

    /// <summary>An OCI image layout archive: oci-layout, index.json, blobs/sha256/…; optionally behind a
    /// multi-platform index.</summary>
    public static byte[] OciLayout(string tag, byte[] config, bool multiPlatform, params byte[][] layers)
    {
        var entries = new List<TarEntry> { Blob("oci-layout", Encoding.UTF8.GetBytes("{\"imageLayoutVersion\":\"1.0.0\"}")) };
        entries.Add(Blob("blobs/sha256/" + Digest(config)[7..], config));
        var layerDescriptors = layers.Select(l =>
        {
            entries.Add(Blob("blobs/sha256/" + Digest(l)[7..], l));
            return new { mediaType = "application/vnd.oci.image.layer.v1.tar+gzip", digest = Digest(l), size = l.Length };
        }).ToArray();
        var manifest = JsonSerializer.SerializeToUtf8Bytes(new
        {
            schemaVersion = 2,
            mediaType = "application/vnd.oci.image.manifest.v1+json",
            config = new { mediaType = "application/vnd.oci.image.config.v1+json", digest = Digest(config), size = config.Length },
            layers = layerDescriptors,
        });
        entries.Add(Blob("blobs/sha256/" + Digest(manifest)[7..], manifest));
        object top = new { mediaType = "application/vnd.oci.image.manifest.v1+json", digest = Digest(manifest), size = manifest.Length,
            annotations = new Dictionary<string, string> { ["org.opencontainers.image.ref.name"] = tag } };
        if (multiPlatform)
        {
            var other = JsonSerializer.SerializeToUtf8Bytes(new { schemaVersion = 2, config = new { digest = "sha256:" + new string('0', 64) }, layers = Array.Empty<object>() });
            entries.Add(Blob("blobs/sha256/" + Digest(other)[7..], other));
            var arch = System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.Arm64 ? "arm64" : "amd64";
            var index = JsonSerializer.SerializeToUtf8Bytes(new
            {
                schemaVersion = 2,
                mediaType = "application/vnd.oci.image.index.v1+json",
                manifests = new object[]
                {
                    new { mediaType = "application/vnd.oci.image.manifest.v1+json", digest = Digest(other), size = other.Length, platform = new { os = "linux", architecture = "s390x" } },
                    new { mediaType = "application/vnd.oci.image.manifest.v1+json", digest = Digest(manifest), size = manifest.Length, platform = new { os = "linux", architecture = arch } },
                },
            });
            entries.Add(Blob("blobs/sha256/" + Digest(index)[7..], index));
            top = new { mediaType = "application/vnd.oci.image.index.v1+json", digest = Digest(index), size = index.Length };
        }

        entries.Add(Blob("index.json", JsonSerializer.SerializeToUtf8Bytes(new { schemaVersion = 2, manifests = new[] { top } })));
        return Tar([.. entries]);
    }

    private static PaxTarEntry Blob(string name, byte[] content) => new PaxTarEntry(TarEntryType.RegularFile, name)
    {
        Mode = (UnixFileMode)Convert.ToInt32("644", 8),
        DataStream = new MemoryStream(content),
    };
}
