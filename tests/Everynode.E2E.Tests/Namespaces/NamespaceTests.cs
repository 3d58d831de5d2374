using Everynode.E2E.Tests.Harness;

namespace Everynode.E2E.Tests.Namespaces;

/// <summary>The namespaces a new cluster starts with, read through kubectl.</summary>
[Collection(SharedServerDefinition.Name)]
public sealed class NamespaceTests(SharedServerFixture fixture)
{
    private Kubectl Kubectl => fixture.Kubectl;

    [Fact]
    public async Task TheBootstrapNamespaces_ReadLikeAnyOtherNamespace()
    {
        var names = (await Kubectl.SucceedAsync("get", "namespaces", "-o", "name")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Subset(names.ToHashSet(StringComparer.Ordinal), new HashSet<string>(["namespace/default", "namespace/kube-system", "namespace/kube-public", "namespace/kube-node-lease"], StringComparer.Ordinal));

        foreach (var name in (string[])["default", "kube-system"])
        {
            var ns = YamlTree.Parse((await Kubectl.SucceedAsync("get", "namespace", name, "-o", "yaml")).Stdout);
            Assert.Equal("v1", ns.Scalar("apiVersion"));
            Assert.Equal("Namespace", ns.Scalar("kind"));
            Assert.Equal(name, ns.Map("metadata.labels")["kubernetes.io/metadata.name"]);
            Assert.Equal("Active", ns.Scalar("status.phase"));
        }
    }

    [Fact]
    public async Task DeletingAMissingNamespace_ReportsNotFound()
    {
        var result = await Kubectl.RunAsync("delete", "namespace", "never-created");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Error from server (NotFound): namespaces \"never-created\" not found", result.Stderr.Trim());
    }
}
