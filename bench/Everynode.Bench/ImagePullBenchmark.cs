using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Everynode.Agent.Images;
using Everynode.Agent.Images.Registry;
using Everynode.Testing;

namespace Everynode.Bench;

/// <summary>
/// Pull and unpack of a many-layer image from a real registry (Debian's docker-registry on 127.0.0.1) into a fresh
/// image store, against <c>skopeo copy docker://… oci:…</c> of the same image (which fetches and checks the blobs
/// but unpacks nothing).
/// </summary>
internal static class ImagePullBenchmark
{
    private static readonly string[] Command = ["sh"];
    private static readonly string[] BusyboxPaths = ["/bin/busybox", "/usr/bin/busybox"];

    public static async Task<(TimeSpan Everynode, TimeSpan Skopeo, TimeSpan PodRunning, long Bytes)> MeasureAsync(string folder, int megabytes, int layers, CancellationToken ct)
    {
        await using var registry = await LocalRegistry.StartAsync(Path.Combine(folder, "registry"));
        var (bytes, reference) = await PushAsync(registry, megabytes, layers);
        var certs = Path.Combine(folder, "certs");
        Directory.CreateDirectory(certs);
        File.Copy(registry.CaFile, Path.Combine(certs, "ca.crt"));

        var config = RegistryConfig.Parse($"configs:\n  \"{registry.Host}\":\n    tls:\n      ca_file: {registry.CaFile}\n", "bench", folder);
        using var hosts = config.ToHosts();
        var clock = Stopwatch.StartNew();
        await new ImageStore(Path.Combine(folder, "store")).PullAsync(ImageReference.Parse(reference), hosts, ct: ct);
        var everynode = clock.Elapsed;

        clock.Restart();
        using var skopeo = Process.Start(new ProcessStartInfo("skopeo", ["copy", "--quiet", "--src-cert-dir", certs, "docker://" + reference, "oci:" + Path.Combine(folder, "oci") + ":bench"])
        {
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("skopeo did not start");
        var error = await skopeo.StandardError.ReadToEndAsync(ct);
        await skopeo.WaitForExitAsync(ct);
        if (skopeo.ExitCode != 0)
        {
            throw new InvalidOperationException("skopeo copy failed: " + error);
        }

        var skopeoTime = clock.Elapsed;
        var podRunning = await ImagePodStartBenchmark.MeasureAsync(Path.Combine(folder, "pod"), reference, registry.CaFile, registry.Host, ct);
        return (everynode, skopeoTime, podRunning, bytes);
    }

    /// <summary>Pushes an image of <paramref name="layers"/> gzip layers holding <paramref name="megabytes"/> MB of
    /// files that compress about as real binaries do (half random, half repeated).</summary>
    private static async Task<(long Bytes, string Reference)> PushAsync(LocalRegistry registry, int megabytes, int layers)
    {
        const string Repository = "bench/big";
        var perLayer = megabytes * 1_000_000L / layers;
        var descriptors = new List<object>();
        var diffIds = new List<string>();
        long total = 0;
        for (var i = 0; i < layers; i++)
        {
            var tar = new MemoryStream();
            using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
            {
                var content = new byte[perLayer];
                RandomNumberGenerator.Fill(content.AsSpan(0, (int)(perLayer / 2)));
                if (i == 0)
                {
                    // The bottom layer also carries the host's static busybox, so that a pod can run the image.
                    var busybox = BusyboxPaths.First(File.Exists);
                    writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "bin/") { Mode = (UnixFileMode)493 });
                    writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "bin/busybox") { Mode = (UnixFileMode)493, DataStream = File.OpenRead(busybox) });
                }

                writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, $"layer{i}/"));
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, $"layer{i}/data") { DataStream = new MemoryStream(content) });
            }

            var gzipped = new MemoryStream();
            using (var gzip = new GZipStream(gzipped, CompressionLevel.Fastest, leaveOpen: true))
            {
                gzip.Write(tar.GetBuffer(), 0, (int)tar.Length);
            }

            var blob = gzipped.ToArray();
            total += blob.Length;
            diffIds.Add("sha256:" + Convert.ToHexStringLower(SHA256.HashData(tar.GetBuffer().AsSpan(0, (int)tar.Length))));
            descriptors.Add(new { mediaType = "application/vnd.oci.image.layer.v1.tar+gzip", digest = await registry.PushBlobAsync(Repository, blob), size = blob.Length });
        }

        var config = JsonSerializer.SerializeToUtf8Bytes(new
        {
            architecture = System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.Arm64 ? "arm64" : "amd64",
            os = "linux",
            config = new { Cmd = Command },
            rootfs = new { type = "layers", diff_ids = diffIds },
        });
        var manifest = JsonSerializer.SerializeToUtf8Bytes(new
        {
            schemaVersion = 2,
            mediaType = "application/vnd.oci.image.manifest.v1+json",
            config = new { mediaType = "application/vnd.oci.image.config.v1+json", digest = await registry.PushBlobAsync(Repository, config), size = config.Length },
            layers = descriptors,
        });
        await registry.PushManifestAsync(Repository, "1", manifest, "application/vnd.oci.image.manifest.v1+json");
        return (total, $"{registry.Host}/{Repository}:1");
    }
}
