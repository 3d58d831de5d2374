namespace Everynode.E2E.Tests.Harness;

/// <summary>One in-memory server shared by the kubectl tests; each test works in a namespace of its own.</summary>
public sealed class SharedServerFixture : EverynodeServerFixture
{
    private int _namespaces;

    // These tests check what kubectl prints of the objects they write; controllers acting on them would change the
    // output. Placement tests run a server of their own with every component on.
    protected override IReadOnlyList<string> ExtraArgs => ["--controllers", "-*"];

    /// <summary>Creates a namespace named after the test with <c>kubectl apply</c> and returns its name.</summary>
    internal async Task<string> CreateNamespaceAsync(string prefix)
    {
        var name = $"{prefix}-{Interlocked.Increment(ref _namespaces)}";
        (await Kubectl.ApplyAsync(Manifests.Namespace(name))).EnsureSuccess();
        return name;
    }
}
