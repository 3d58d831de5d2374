using Everynode.Agent.Images;

namespace Everynode.Agent.Runtime.Process;

/// <summary>Settings of the <c>process</c> runtime.</summary>
public sealed record ProcessRuntimeOptions
{
    /// <summary>The node's image store (<see cref="ImageStore.DefaultDirectory"/> of the cluster's data folder).</summary>
    public required string ImageStoreDirectory { get; init; }

    /// <summary>The agent's own folder; containers' writable layers live in DATA/containers/ID while they exist.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The bubblewrap executable; null looks for <c>bwrap</c> on PATH.</summary>
    public string? BubblewrapPath { get; init; }

    /// <summary>False runs every container unsandboxed on the host, as happens anyway when bubblewrap is absent.</summary>
    public bool Sandbox { get; init; } = true;

    /// <summary>The static busybox that builds the built-in <c>busybox</c> image; null looks in the usual places.</summary>
    public string? BusyboxPath { get; init; }

    /// <summary>Lines longer than this many bytes are delivered in pieces (unterminated), as containerd splits at 16 KiB.</summary>
    public int MaxLineBytes { get; init; } = 16 * 1024;

    /// <summary>How long a sandbox may take to set up before the start counts as failed.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Where registries are reached (the node's registries.yaml: mirrors, TLS, credentials); by default each
    /// registry directly over HTTPS with the system roots.</summary>
    public Images.Registry.RegistryConfig Registries { get; init; } = Images.Registry.RegistryConfig.Empty;

    /// <summary>Copy the image per container even where an overlay is possible (tests of the copy path).</summary>
    internal bool CopyRootfs { get; init; }

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ImageStoreDirectory))
        {
            throw new ArgumentException("the image store directory must be set", nameof(ImageStoreDirectory));
        }

        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            throw new ArgumentException("the data directory must be set", nameof(DataDirectory));
        }

        if (MaxLineBytes < 256)
        {
            throw new ArgumentException("the maximum line length must be at least 256 bytes", nameof(MaxLineBytes));
        }
    }
}
