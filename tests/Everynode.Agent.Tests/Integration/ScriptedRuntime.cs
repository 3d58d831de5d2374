using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Everynode.Agent.Runtime;

namespace Everynode.Agent.Tests.Integration;

/// <summary>
/// A test runtime whose containers act out their argv: <c>print LINE…</c> writes the lines to stdout and keeps
/// running; <c>exit N</c> exits with code N at once; <c>cannot-start</c> fails to start. Images named
/// <c>missing/*</c> are not present and cannot be pulled; <c>remote/*</c> are pulled on first use. Exec commands named <c>false</c> fail; anything else succeeds.
/// </summary>
internal sealed class ScriptedRuntime : IContainerRuntime
{
    private int _next;

    public string Name => "scripted";

    public ConcurrentQueue<ContainerLaunch> Launches { get; } = new();

    /// <summary>Images named <c>remote/*</c> are absent until pulled (each pull counted in <see cref="Pulls"/>).</summary>
    public Task<ImageConfig?> FindImageAsync(string image, CancellationToken ct) =>
        Task.FromResult(image.StartsWith("missing/", StringComparison.Ordinal) || (image.StartsWith("remote/", StringComparison.Ordinal) && !_pulled.ContainsKey(image))
            ? null
            : Config(image));

    public Task<PulledImage> PullImageAsync(string image, IReadOnlyList<Everynode.Agent.Images.Registry.RegistryCredential> credentials, CancellationToken ct)
    {
        Pulls.Enqueue((image, credentials));
        if (image.StartsWith("missing/", StringComparison.Ordinal))
        {
            throw new Everynode.Agent.Images.Registry.ImagePullException(Everynode.Agent.Images.Registry.ImagePullFailure.NotFound,
                $"docker.io/{image}: not found (manifest unknown at https://registry-1.docker.io)");
        }

        _pulled[image] = true;
        return Task.FromResult(new PulledImage(Config(image) with { RepoDigest = "docker.io/" + image.Split(':')[0] + "@sha256:" + new string('a', 64) }, 1234));
    }

    /// <summary>Every pull asked for, with the credentials it was given.</summary>
    public ConcurrentQueue<(string Image, IReadOnlyList<Everynode.Agent.Images.Registry.RegistryCredential> Credentials)> Pulls { get; } = new();

    private readonly ConcurrentDictionary<string, bool> _pulled = new(StringComparer.Ordinal);

    private static ImageConfig Config(string image) =>
        new(image, "sha256:" + image.Length.ToString(CultureInfo.InvariantCulture), [], ["print", "default"], ["IMAGE_ENV=1"], "/work");

    public Task<IRunningContainer> StartContainerAsync(ContainerLaunch launch, CancellationToken ct)
    {
        Launches.Enqueue(launch);
        if (launch.Argv[0] == "cannot-start")
        {
            throw new ContainerStartException("exec: \"cannot-start\": executable file not found in $PATH");
        }

        var container = new Container($"c{Interlocked.Increment(ref _next)}");
        switch (launch.Argv[0])
        {
            case "print":
                foreach (var line in launch.Argv.Skip(1))
                {
                    launch.Output.WriteLine(OutputStreamKind.Stdout, Encoding.UTF8.GetBytes(line), unterminated: false);
                }

                break;
            case "exit":
                container.Exit(int.Parse(launch.Argv[1], CultureInfo.InvariantCulture));
                break;
        }

        return Task.FromResult<IRunningContainer>(container);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private sealed class Container(string id) : IRunningContainer
    {
        private readonly TaskCompletionSource<ContainerExit> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Id { get; } = id;

        public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

        public Task<ContainerExit> Exited => _exited.Task;

        public void Exit(int code) => _exited.TrySetResult(new ContainerExit(code, 0, DateTimeOffset.UtcNow, code == 0 ? "Completed" : "Error"));

        public Task<ContainerExit> StopAsync(TimeSpan gracePeriod, CancellationToken ct)
        {
            _exited.TrySetResult(new ContainerExit(143, 15, DateTimeOffset.UtcNow, "Error"));
            return _exited.Task;
        }

        public Task<ExecResult> ExecAsync(IReadOnlyList<string> command, TimeSpan timeout, CancellationToken ct) =>
            Task.FromResult(command[0] == "false" ? new ExecResult(1, "probe says no", false) : new ExecResult(0, "", false));

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
