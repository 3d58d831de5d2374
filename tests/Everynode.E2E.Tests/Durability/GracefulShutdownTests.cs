using System.Diagnostics;
using Everynode.E2E.Tests.Harness;

namespace Everynode.E2E.Tests.Durability;

/// <summary>SIGTERM stops the server cleanly, and a restart on the same data directory is the same cluster.</summary>
public sealed class GracefulShutdownTests
{
    private static readonly TimeSpan ExitWithin = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Sigterm_ExitsZeroWithinSeconds_EvenWithAnOpenWatch()
    {
        var directory = new TempDirectory("everynode-e2e-");
        try
        {
            await using var server = await EverynodeServer.StartAsync(new EverynodeServerOptions { DataDirectory = Path.Combine(directory.Path, "data") });
            using var watch = server.Kubectl.Start(["get", "namespaces", "-w"]);
            await watch.Stdout.WaitUntilAsync(l => l.Any(x => x.StartsWith("kube-system ", StringComparison.Ordinal)), Kubectl.DefaultTimeout, "namespace rows");

            var clock = Stopwatch.StartNew();
            var exitCode = await server.TerminateAsync(ExitWithin * 2);

            Assert.True(exitCode is not null, $"the server ignored SIGTERM for {ExitWithin.TotalSeconds * 2} s and was killed\n{server.Output}");
            Assert.Equal(0, exitCode);
            Assert.True(clock.Elapsed < ExitWithin, $"the server took {clock.Elapsed.TotalSeconds:0.0} s to stop");
            await watch.KillAsync();
        }
        finally
        {
            directory.Delete();
        }
    }

    [Fact]
    public async Task RestartAfterSigterm_KeepsObjectsTokenAndCa_SoTheOldKubeconfigStillWorks()
    {
        var directory = new TempDirectory("everynode-e2e-");
        try
        {
            var options = new EverynodeServerOptions { DataDirectory = Path.Combine(directory.Path, "data") };
            var oldKubeconfig = Path.Combine(directory.Path, "old-kubeconfig.yaml");
            int port;
            string resourceVersion;
            await using (var server = await EverynodeServer.StartAsync(options))
            {
                port = server.Url.Port;
                File.Copy(server.KubeconfigPath, oldKubeconfig);
                (await server.Kubectl.ApplyAsync(Manifests.Namespace("kept"))).EnsureSuccess();
                (await server.Kubectl.ApplyAsync(Manifests.FluentdDaemonSet("kept", "fluentd"))).EnsureSuccess();
                (await server.Kubectl.ApplyAsync(Manifests.Pod("kept", "standalone"))).EnsureSuccess();
                resourceVersion = (await server.Kubectl.SucceedAsync("get", "ds", "fluentd", "-n", "kept", "-o", "jsonpath={.metadata.resourceVersion}")).Stdout;

                Assert.Equal(0, await server.TerminateAsync(ExitWithin));
            }

            // Same port, so the old kubeconfig's server URL still points at the restarted server.
            await using (var restarted = await EverynodeServer.StartAsync(options with { Port = port }))
            {
                Assert.Equal(await File.ReadAllTextAsync(oldKubeconfig), await File.ReadAllTextAsync(restarted.KubeconfigPath));
                var kubectl = new Kubectl(oldKubeconfig, Path.Combine(directory.Path, "kubectl-cache-old"));

                var ds = await kubectl.SucceedAsync("get", "ds", "fluentd", "-n", "kept", "-o", "jsonpath={.metadata.resourceVersion}");
                Assert.Equal(resourceVersion, ds.Stdout);
                Assert.Equal("pod/standalone", (await kubectl.SucceedAsync("get", "pods", "-n", "kept", "-o", "name")).Stdout.Trim());
                var unchanged = (await kubectl.ApplyAsync(Manifests.FluentdDaemonSet("kept", "fluentd"))).EnsureSuccess();
                Assert.Equal("daemonset.apps/fluentd unchanged", unchanged.Stdout.Trim());
                (await kubectl.ApplyAsync(Manifests.Pod("kept", "after-restart"))).EnsureSuccess();
                var after = await kubectl.SucceedAsync("get", "pod", "after-restart", "-n", "kept", "-o", "jsonpath={.metadata.resourceVersion}");
                Assert.True(long.Parse(after.Stdout, System.Globalization.CultureInfo.InvariantCulture) > long.Parse(resourceVersion, System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        finally
        {
            directory.Delete();
        }
    }
}
