using Everynode.E2E.Tests.Harness;

namespace Everynode.E2E.Tests.Pods;

/// <summary><c>kubectl get -w</c> against the server's watch stream.</summary>
[Collection(SharedServerDefinition.Name)]
public sealed class PodWatchTests(SharedServerFixture fixture)
{
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(15);

    private Kubectl Kubectl => fixture.Kubectl;

    [Fact]
    public async Task GetPodsWatch_StreamsTheCreateLabelAndDeleteOfAPod()
    {
        var ns = await fixture.CreateNamespaceAsync("watch");
        // kubectl prints nothing for an empty initial list, so a pod that already exists shows when the watch is running.
        (await Kubectl.ApplyAsync(Manifests.Pod(ns, "sentinel"))).EnsureSuccess();
        using var watch = Kubectl.Start(["get", "pods", "-w", "-n", ns]);
        try
        {
            await watch.Stdout.WaitUntilAsync(l => Rows(l, "sentinel") >= 1, EventTimeout, "row for the existing pod");

            (await Kubectl.ApplyAsync(Manifests.Pod(ns, "watched"))).EnsureSuccess();
            await watch.Stdout.WaitUntilAsync(l => Rows(l, "watched") >= 1, EventTimeout, "row for the created pod");
            await Kubectl.SucceedAsync("label", "pod", "watched", "-n", ns, "color=blue");
            await watch.Stdout.WaitUntilAsync(l => Rows(l, "watched") >= 2, EventTimeout, "row for the labeled pod");
            var deleted = await Kubectl.SucceedAsync("delete", "pod", "watched", "-n", ns);
            Assert.Equal("pod \"watched\" deleted", deleted.Stdout.Trim());

            var lines = await watch.Stdout.WaitUntilAsync(l => Rows(l, "watched") >= 3, EventTimeout, "row for the deleted pod");
            Assert.StartsWith("NAME", lines[0], StringComparison.Ordinal);
            Assert.False(watch.HasExited, $"the watch ended early: {watch.Stderr.Text}");
        }
        finally
        {
            await watch.KillAsync();
        }
    }

    private static int Rows(IReadOnlyList<string> lines, string pod) =>
        lines.Count(l => l.StartsWith(pod + " ", StringComparison.Ordinal));
}
