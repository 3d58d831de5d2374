namespace Everynode.Agent.Runtime.Process;

/// <summary>
/// The command line that runs one container in a bubblewrap sandbox. Pure: it only arranges arguments.
/// <list type="bullet">
/// <item>Namespaces: PID (the user's process is PID 1, <c>--as-pid-1</c>, exactly as under docker/containerd: a PID 1
/// without a SIGTERM handler ignores SIGTERM and is SIGKILLed after the grace period), mount, UTS (the pod's hostname).
/// The network is the host's (no <c>--unshare-net</c>): pod IP = node IP.</item>
/// <item>Filesystem: the container's writable root (an overlay of the image, or a copy) bound at <c>/</c>, a fresh
/// <c>/proc</c> and <c>/dev</c>, the host's resolv.conf and hosts (as upstream does for host-network pods), then the
/// volume mounts, parents before children.</item>
/// <item>Capabilities (root only): docker's default set, not all of root's.</item>
/// <item>Environment: the process's own (set by the caller to exactly the container's), never on the command line,
/// where every user of the host could read it. bubblewrap adds one variable, PWD (the working directory), as a
/// shell would.</item>
/// </list>
/// </summary>
internal static class SandboxCommand
{
    /// <summary>The exit status of the overlay wrapper when the overlay cannot be mounted.</summary>
    public const int OverlayMountFailed = 125;

    /// <summary>docker's default capabilities (moby oci/caps/defaults.go).</summary>
    internal static readonly string[] DefaultCapabilities =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID",
        "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE",
    ];

    private static readonly string[] HostFiles = ["/etc/resolv.conf", "/etc/hosts"];

    /// <summary>The argv (executable first) that starts the sandbox described by <paramref name="spec"/>.</summary>
    public static List<string> Build(SandboxSpec spec)
    {
        var argv = new List<string>();
        string root;
        if (spec.Overlay is { } overlay)
        {
            // The overlay is mounted in a private mount namespace that dies with the sandbox: nothing to unmount later,
            // nothing left behind if the agent is killed.
            argv.AddRange([spec.Tools.Unshare!, "--mount", "--propagation", "private", "/bin/sh", "-c",
                $"{spec.Tools.Mount} -t overlay overlay -o \"lowerdir=$1,upperdir=$2,workdir=$3\" \"$4\" || exit {OverlayMountFailed}; shift 4; exec \"$@\"",
                "everynode-sandbox", overlay.Lower, overlay.Upper, overlay.Work, overlay.Merged]);
            root = overlay.Merged;
        }
        else
        {
            root = spec.Root;
        }

        var launch = spec.Launch;
        argv.AddRange([spec.Tools.Bubblewrap!, "--bind", root, "/", "--proc", "/proc", "--dev", "/dev"]);
        var mounts = launch.Mounts.OrderBy(m => Depth(m.ContainerPath)).ToList();
        foreach (var file in HostFiles)
        {
            if (File.Exists(file) && spec.ImageFileIsReplaceable(file) && !mounts.Any(m => IsWithin(file, m.ContainerPath)))
            {
                argv.AddRange(["--ro-bind", file, file]);
            }
        }

        foreach (var mount in mounts)
        {
            argv.AddRange([mount.ReadOnly ? "--ro-bind" : "--bind", mount.HostPath, Absolute(mount.ContainerPath)]);
        }

        var workingDirectory = Absolute(launch.WorkingDirectory);
        if (!spec.ImageHasDirectory(workingDirectory))
        {
            argv.AddRange(["--dir", workingDirectory]);
        }

        argv.AddRange(["--chdir", workingDirectory, "--unshare-pid", "--unshare-uts", "--hostname", Hostname(launch.Hostname), "--as-pid-1", "--die-with-parent"]);
        if (spec.Tools.IsRoot)
        {
            argv.AddRange(["--cap-drop", "ALL"]);
            foreach (var capability in DefaultCapabilities)
            {
                argv.AddRange(["--cap-add", capability]);
            }
        }

        argv.Add("--");
        argv.AddRange(launch.Argv);
        return argv;
    }

    /// <summary>A pod name can be longer than a hostname may be: cut to 63 characters as the kubelet does.</summary>
    internal static string Hostname(string name) => name.Length <= 63 ? name : name[..63].TrimEnd('-', '.');

    internal static string Absolute(string containerPath) => containerPath.StartsWith('/') ? containerPath : "/" + containerPath;

    private static int Depth(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries).Length;

    private static bool IsWithin(string path, string mountPath)
    {
        var prefix = Absolute(mountPath).TrimEnd('/');
        return path == prefix || path.StartsWith(prefix + "/", StringComparison.Ordinal) || prefix.Length == 0;
    }
}

/// <summary>The host tools a sandbox is made with.</summary>
/// <param name="Bubblewrap">bwrap's path, or null when containers run unsandboxed.</param>
/// <param name="Unshare">unshare's path (overlay roots only).</param>
/// <param name="Mount">mount's path (overlay roots only).</param>
/// <param name="Nsenter">nsenter's path (exec into a sandbox).</param>
/// <param name="IsRoot">Whether the agent runs as root (capabilities can be set; overlays can be mounted).</param>
internal sealed record SandboxTools(string? Bubblewrap, string? Unshare, string? Mount, string? Nsenter, bool IsRoot);

/// <summary>An overlay root: the image's rootfs below, the container's writes in <paramref name="Upper"/>.</summary>
internal sealed record OverlayRoot(string Lower, string Upper, string Work, string Merged);

/// <summary>What <see cref="SandboxCommand.Build"/> needs to know about one container.</summary>
internal sealed record SandboxSpec(SandboxTools Tools, ContainerLaunch Launch, string Root, OverlayRoot? Overlay, string ImageRootfs)
{
    /// <summary>Whether the image has this directory (else the sandbox creates it, as docker creates a WORKDIR).</summary>
    public bool ImageHasDirectory(string containerPath) =>
        Directory.Exists(Images.RootfsPath.Resolve(ImageRootfs, containerPath, followLast: true));

    /// <summary>Whether a host file may be bound over the image's: only where the image has none or a plain file
    /// (never through a symlink of the image's).</summary>
    public bool ImageFileIsReplaceable(string containerPath)
    {
        var parent = new DirectoryInfo(ImageRootfs.TrimEnd('/') + Path.GetDirectoryName(containerPath));
        var file = new FileInfo(Path.Combine(parent.FullName, Path.GetFileName(containerPath)));
        return parent.LinkTarget is null && (!parent.Exists || (file.LinkTarget is null && !Directory.Exists(file.FullName)));
    }
}
