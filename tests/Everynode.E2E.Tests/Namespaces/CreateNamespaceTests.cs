using Everynode.E2E.Tests.Harness;

namespace Everynode.E2E.Tests.Namespaces;

/// <summary><c>kubectl create namespace</c> sends a protobuf body; deleting a namespace empties and removes it.</summary>
[Collection(SharedServerDefinition.Name)]
public sealed class CreateNamespaceTests(SharedServerFixture fixture)
{
    private Kubectl Kubectl => fixture.Kubectl;

    [Fact]
    public async Task CreateNamespace_WithKubectlsProtobufBody_CreatesAnActiveNamespace()
    {
        var name = $"team-{Guid.NewGuid().ToString("N")[..6]}";
        Assert.Equal($"namespace/{name} created", (await Kubectl.SucceedAsync("create", "namespace", name)).Stdout.Trim());
        var phase = await Kubectl.SucceedAsync("get", "namespace", name, "-o", "jsonpath={.status.phase} {.metadata.labels.kubernetes\\.io/metadata\\.name}");
        Assert.Equal($"Active {name}", phase.Stdout.Trim());

        var again = await Kubectl.RunAsync("create", "namespace", name);
        Assert.NotEqual(0, again.ExitCode);
        Assert.Contains($"Error from server (AlreadyExists): namespaces \"{name}\" already exists", again.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteNamespace_RemovesItsDaemonSets_AndKubectlWaitsUntilItIsGone()
    {
        var name = $"gone-{Guid.NewGuid().ToString("N")[..6]}";
        await Kubectl.SucceedAsync("create", "namespace", name);
        (await Kubectl.ApplyAsync(Manifests.FluentdDaemonSet(name, "fluentd"))).EnsureSuccess();

        Assert.Equal($"namespace \"{name}\" deleted", (await Kubectl.SucceedAsync("delete", "namespace", name)).Stdout.Trim());
        var missing = await Kubectl.RunAsync("get", "namespace", name);
        Assert.Contains($"Error from server (NotFound): namespaces \"{name}\" not found", missing.Stderr, StringComparison.Ordinal);
        await Kubectl.SucceedAsync("create", "namespace", name);
        Assert.Equal("", (await Kubectl.SucceedAsync("get", "ds", "-n", name, "-o", "name")).Stdout.Trim());
    }
}
