namespace Everynode.E2E.Tests.Up;

/// <summary>Waits on a local cluster's state with a timeout; a failure shows the cluster's logs.</summary>
internal static class LocalClusterWait
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Polls <paramref name="condition"/> every 250 ms until it holds; fails after <see cref="Timeout"/>.</summary>
    public static Task UntilAsync(LocalClusterRun cluster, Func<Task<bool>> condition, string what) =>
        UntilAsync(cluster, condition, () => what);

    /// <summary>As above, with <paramref name="what"/> read when it fails (so it can tell the last state seen).</summary>
    public static async Task UntilAsync(LocalClusterRun cluster, Func<Task<bool>> condition, Func<string> what)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"no {what()} within {Timeout.TotalSeconds:0} s\n{cluster.Logs()}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }

    /// <summary>Waits until the DaemonSet's desired, current and ready counts are all <paramref name="desired"/>.</summary>
    public static async Task DaemonSetAsync(LocalClusterRun cluster, string ns, string name, int desired)
    {
        var last = "";
        await UntilAsync(cluster, async () =>
        {
            var result = await cluster.Kubectl.RunAsync("get", "ds", name, "-n", ns, "-o",
                "jsonpath={.status.desiredNumberScheduled}/{.status.currentNumberScheduled}/{.status.numberReady}");
            last = result.Stdout;
            return last == $"{desired}/{desired}/{desired}";
        }, () => $"DaemonSet {ns}/{name} with {desired}/{desired}/{desired} desired/current/ready (last: {last})");
    }
}
