using Everynode.Agent.Runtime;

namespace Everynode.Agent.Images;

/// <summary>An image in the node's image store: its configuration and its unpacked root filesystem.</summary>
/// <param name="Id">The image id, <c>sha256:HEX</c> (the digest of its configuration, as docker computes it).</param>
/// <param name="Entrypoint">The image's entrypoint.</param>
/// <param name="Cmd">The image's default arguments.</param>
/// <param name="Env">The image's environment, <c>NAME=value</c>.</param>
/// <param name="WorkingDir">The image's working directory, or null.</param>
/// <param name="Size">Bytes of its unpacked files.</param>
/// <param name="Created">When it came into this store.</param>
public sealed record StoredImage(
    string Id,
    IReadOnlyList<string> Entrypoint,
    IReadOnlyList<string> Cmd,
    IReadOnlyList<string> Env,
    string? WorkingDir,
    long Size,
    DateTimeOffset Created)
{
    /// <summary>The unpacked root filesystem (set by the store when it reads the image).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string RootfsPath { get; init; } = "";

    /// <summary>The image's configuration as the runtime contract carries it.</summary>
    public ImageConfig ToImageConfig(string reference) => new(reference, Id, Entrypoint, Cmd, Env, WorkingDir);
}
