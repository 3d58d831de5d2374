namespace Everynode.Agent.Runtime;

/// <summary>
/// What the node agent needs from a container runtime, and nothing more. The agent owns pod semantics (restart
/// policy, probes, status, volumes, env and command resolution); a runtime only resolves images and runs one
/// container at a time with an already-resolved command line, environment and mount list.
/// Implementations: <c>process</c> (a real process, sandboxed with bubblewrap) and <c>simulated</c> (no process).
/// </summary>
public interface IContainerRuntime : IAsyncDisposable
{
    /// <summary>The name users pick with <c>--runtime</c>: <c>process</c> or <c>simulated</c>.</summary>
    string Name { get; }

    /// <summary>
    /// The configuration of an image the node already has (<c>busybox</c>, <c>busybox:1.36</c>, <c>registry/x:tag</c>,
    /// <c>x@sha256:…</c>), or null when it has not: the kubelet's image inspection, before its pull policy decides.
    /// The reference is well formed (the agent checks it first).
    /// </summary>
    Task<ImageConfig?> FindImageAsync(string image, CancellationToken ct);

    /// <summary>
    /// Pulls an image: resolves it at its registry and fetches what the node lacks, trying
    /// <paramref name="credentials"/> (from the pod's <c>imagePullSecrets</c>) before the node's own. Throws
    /// <see cref="Images.Registry.ImagePullException"/> (or <see cref="ImageNotPresentException"/> where the node
    /// cannot pull); the message is what the pod's <c>ErrImagePull</c> status shows.
    /// </summary>
    Task<PulledImage> PullImageAsync(string image, IReadOnlyList<Images.Registry.RegistryCredential> credentials, CancellationToken ct);

    /// <summary>
    /// Starts one container. Returns once the container's process (or its simulation) has started; a command that
    /// cannot be started at all (no such executable) throws <see cref="ContainerStartException"/>, which the agent
    /// reports as upstream reports <c>StartError</c>/<c>RunContainerError</c>.
    /// </summary>
    Task<IRunningContainer> StartContainerAsync(ContainerLaunch launch, CancellationToken ct);
}

/// <summary>A started container. Disposing it releases what the runtime holds (not the logs).</summary>
public interface IRunningContainer : IAsyncDisposable
{
    /// <summary>A runtime-unique id, shown as <c>containerID</c> (<c>everynode://ID</c>).</summary>
    string Id { get; }

    /// <summary>When the container's process started.</summary>
    DateTimeOffset StartedAt { get; }

    /// <summary>Completes when the container has exited, by itself or because it was stopped.</summary>
    Task<ContainerExit> Exited { get; }

    /// <summary>
    /// Stops the container as upstream does: SIGTERM, then SIGKILL once <paramref name="gracePeriod"/> has passed
    /// (zero: SIGKILL at once). Returns once it has exited.
    /// </summary>
    Task<ContainerExit> StopAsync(TimeSpan gracePeriod, CancellationToken ct);

    /// <summary>
    /// Runs a command inside the container (same filesystem view, environment and working directory), for exec
    /// probes and preStop hooks. The command is killed after <paramref name="timeout"/>.
    /// </summary>
    Task<ExecResult> ExecAsync(IReadOnlyList<string> command, TimeSpan timeout, CancellationToken ct);
}

/// <summary>An image's configuration, as <c>docker inspect</c> would show it.</summary>
/// <param name="Reference">The reference as the pod spelled it (<c>busybox:1.36</c>).</param>
/// <param name="ImageId">A content id, shown as <c>imageID</c>.</param>
/// <param name="Entrypoint">The image's entrypoint (may be empty).</param>
/// <param name="Cmd">The image's default arguments (may be empty).</param>
/// <param name="Env">The image's environment, <c>NAME=value</c> entries.</param>
/// <param name="WorkingDir">The image's working directory, or null for <c>/</c>.</param>
/// <param name="RepoDigest">The repository digest it was pulled by (<c>docker.io/library/busybox@sha256:…</c>), shown
/// as <c>imageID</c> in its place; null for an image imported or built on the node.</param>
public sealed record ImageConfig(
    string Reference,
    string ImageId,
    IReadOnlyList<string> Entrypoint,
    IReadOnlyList<string> Cmd,
    IReadOnlyList<string> Env,
    string? WorkingDir,
    string? RepoDigest = null);

/// <summary>A pulled image and its size in bytes, for the <c>Pulled</c> event.</summary>
public sealed record PulledImage(ImageConfig Image, long Size);

/// <summary>Everything a runtime needs to start one container; every field is already resolved by the agent.</summary>
public sealed record ContainerLaunch
{
    public required string PodUid { get; init; }
    public required string PodNamespace { get; init; }
    public required string PodName { get; init; }
    public required string ContainerName { get; init; }

    /// <summary>How many times this container has been started before (the restart count).</summary>
    public required int Attempt { get; init; }

    public required ImageConfig Image { get; init; }

    /// <summary>The final argv: entrypoint/command and cmd/args merged as upstream does, <c>$(VAR)</c> expanded.</summary>
    public required IReadOnlyList<string> Argv { get; init; }

    /// <summary>The final environment (image env, then the container's env, in order; later entries win).</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Environment { get; init; }

    /// <summary>The working directory inside the container (the container's, else the image's, else <c>/</c>).</summary>
    public required string WorkingDirectory { get; init; }

    /// <summary>Host paths to bind at container paths (hostPath and emptyDir volumes, already checked and created).</summary>
    public required IReadOnlyList<ContainerMount> Mounts { get; init; }

    /// <summary>The pod's hostname (the pod name, or <c>spec.hostname</c>).</summary>
    public required string Hostname { get; init; }

    /// <summary>Where the container's stdout and stderr go, line by line.</summary>
    public required IContainerOutput Output { get; init; }
}

/// <summary>A bind mount into the container.</summary>
public sealed record ContainerMount(string HostPath, string ContainerPath, bool ReadOnly);

/// <summary>How a container ended.</summary>
/// <param name="ExitCode">The process exit code; 128+N when killed by signal N.</param>
/// <param name="Signal">The signal that killed it, or 0.</param>
/// <param name="FinishedAt">When it exited.</param>
/// <param name="Reason">Upstream's reason: <c>Completed</c> (exit 0), <c>Error</c>, <c>OOMKilled</c>.</param>
/// <param name="Message">A message for the status, or null.</param>
public sealed record ContainerExit(int ExitCode, int Signal, DateTimeOffset FinishedAt, string Reason, string? Message = null);

/// <summary>The result of <see cref="IRunningContainer.ExecAsync"/>.</summary>
public sealed record ExecResult(int ExitCode, string Output, bool TimedOut);

/// <summary>The output of a container. Called from the runtime's reader threads; implementations are thread-safe.</summary>
public interface IContainerOutput
{
    /// <summary>One line of output (without its newline). <paramref name="unterminated"/> is true for a line the
    /// container has not ended yet (written when a line grows very long or the container exits mid-line).</summary>
    void WriteLine(OutputStreamKind stream, ReadOnlySpan<byte> line, bool unterminated);
}

public enum OutputStreamKind
{
    Stdout,
    Stderr,
}

/// <summary>The node cannot provide the image; the message says what is missing and how to add it.</summary>
public sealed class ImageNotPresentException : Exception
{
    public ImageNotPresentException(string message) : base(message) { }
    public ImageNotPresentException(string message, Exception inner) : base(message, inner) { }
    public ImageNotPresentException() { }
}

/// <summary>The container's command could not be started (no such executable, not executable, sandbox failure).</summary>
public sealed class ContainerStartException : Exception
{
    public ContainerStartException(string message) : base(message) { }
    public ContainerStartException(string message, Exception inner) : base(message, inner) { }
    public ContainerStartException() { }
}
