using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace Everynode.Agent.Images;

/// <summary>
/// The image every node has without a registry: <c>busybox</c>, built from the host's statically linked busybox
/// (Debian's busybox-static). Its root filesystem has <c>/bin/busybox</c> with a symlink per applet, minimal
/// <c>/etc/passwd</c> and <c>/etc/group</c>, <c>/tmp</c>, <c>/var/log</c>; its configuration is the official image's
/// (command <c>sh</c>, the usual PATH).
/// </summary>
public static class BuiltinBusybox
{
    public const string Repository = "docker.io/library/busybox";

    private static readonly string[] Candidates = ["/bin/busybox", "/usr/bin/busybox", "/usr/lib/initramfs-tools/bin/busybox"];

    private const string PathEnv = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>The first statically linked busybox on this host (a dynamically linked one cannot run in a rootfs
    /// without its libc), or null.</summary>
    public static string? FindStaticBusybox(string? configured)
    {
        foreach (var candidate in configured is null ? Candidates : [configured])
        {
            if (File.Exists(candidate) && ElfFile.IsStatic(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Builds the root filesystem into <paramref name="rootfs"/> and returns the image record.</summary>
    internal static async Task<StoredImage> BuildAsync(string busybox, string rootfs, DateTimeOffset now, CancellationToken ct)
    {
        var applets = await ListAppletsAsync(busybox, ct);
        foreach (var dir in new[] { "bin", "dev", "etc", "home", "proc", "root", "sys", "tmp", "usr/bin", "usr/sbin", "sbin", "var/log", "var/tmp" })
        {
            Directory.CreateDirectory(Path.Combine(rootfs, dir));
        }

        File.SetUnixFileMode(Path.Combine(rootfs, "tmp"), (UnixFileMode)Convert.ToInt32("1777", 8));
        File.SetUnixFileMode(Path.Combine(rootfs, "var/tmp"), (UnixFileMode)Convert.ToInt32("1777", 8));
        File.SetUnixFileMode(Path.Combine(rootfs, "root"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var binary = Path.Combine(rootfs, "bin/busybox");
        File.Copy(busybox, binary);
        File.SetUnixFileMode(binary, (UnixFileMode)Convert.ToInt32("755", 8));
        foreach (var applet in applets)
        {
            File.CreateSymbolicLink(Path.Combine(rootfs, "bin", applet), "busybox");
        }

        await File.WriteAllTextAsync(Path.Combine(rootfs, "etc/passwd"),
            "root:x:0:0:root:/root:/bin/sh\ndaemon:x:1:1:daemon:/usr/sbin:/bin/false\nnobody:x:65534:65534:nobody:/home:/bin/false\n", ct);
        await File.WriteAllTextAsync(Path.Combine(rootfs, "etc/group"),
            "root:x:0:\ndaemon:x:1:\nnogroup:x:65534:\n", ct);

        // The id is the digest of a configuration that names the exact busybox binary, so another busybox build
        // gives another image id, as a different image would.
        string binaryDigest;
        await using (var stream = File.OpenRead(busybox))
        {
            binaryDigest = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
        }

        var config = $"{{\"config\":{{\"Env\":[\"{PathEnv}\"],\"Cmd\":[\"sh\"]}},\"everynode.builtin\":\"busybox sha256:{binaryDigest}\"}}";
        var id = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(config)));
        return new StoredImage(id, [], ["sh"], [PathEnv], null, new FileInfo(binary).Length, now);
    }

    private static async Task<IReadOnlyList<string>> ListAppletsAsync(string busybox, CancellationToken ct)
    {
        var start = new ProcessStartInfo(busybox) { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("--list");
        using var process = System.Diagnostics.Process.Start(start)
            ?? throw new InvalidOperationException($"cannot run {busybox}");
        var output = await process.StandardOutput.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(a => a != "busybox" && !a.Contains('/', StringComparison.Ordinal) && a != "." && a != "..")
            .ToList();
    }
}
