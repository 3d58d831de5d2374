using Everynode.Agent.Runtime;
using Everynode.Agent.Runtime.Process;
using Microsoft.Extensions.Logging.Abstractions;

namespace Everynode.Agent.Tests.Process;

/// <summary>One image store (busybox built once) and data folder for the process runtime tests.</summary>
public sealed class ProcessRuntimeFixture : IDisposable
{
    private readonly TempDirectory _temp = new();

    public string Root => _temp.Path;

    public string ImageStore => _temp.Combine("images");

    public ProcessRuntime NewRuntime(bool sandbox = true, int maxLineBytes = 16 * 1024, bool copyRootfs = false) => new(
        new ProcessRuntimeOptions
        {
            ImageStoreDirectory = ImageStore,
            DataDirectory = _temp.Combine(sandbox ? "agent" : "agent-unsandboxed"),
            CopyRootfs = copyRootfs,
            Sandbox = sandbox,
            MaxLineBytes = maxLineBytes,
        },
        NullLogger.Instance);

    /// <summary>A launch of the busybox image running <paramref name="argv"/>.</summary>
    public static async Task<ContainerLaunch> BusyboxAsync(IContainerRuntime runtime, IContainerOutput output, params string[] argv)
    {
        var image = (await runtime.FindImageAsync("busybox:1.36", CancellationToken.None))!;
        return new ContainerLaunch
        {
            PodUid = Guid.NewGuid().ToString(),
            PodNamespace = "default",
            PodName = "test-pod",
            ContainerName = "main",
            Attempt = 0,
            Image = image,
            Argv = argv,
            Environment = [new("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"), new("GREETING", "hello from env")],
            WorkingDirectory = "/",
            Mounts = [],
            Hostname = "test-pod",
            Output = output,
        };
    }

    public void Dispose() => _temp.Delete();
}
