using Everynode.E2E.Tests.Harness;

namespace Everynode.E2E.Tests.Apply;

/// <summary><c>kubectl auth whoami</c> prints the admin user the kubeconfig's token authenticates as.</summary>
[Collection(SharedServerDefinition.Name)]
public sealed class WhoAmITests(SharedServerFixture fixture)
{
    [Theory]
    [InlineData("")]
    [InlineData("1.28")]
    [InlineData("1.33")]
    public async Task AuthWhoAmI_PrintsUserAndGroups(string client)
    {
        var result = (await fixture.Kubectl.Client(client).RunAsync("auth", "whoami")).EnsureSuccess();

        Assert.Equal(
            "ATTRIBUTE   VALUE\nUsername    admin\nGroups      [system:masters system:authenticated]",
            result.Stdout.TrimEnd('\n'));
    }

    [Fact]
    public async Task AuthWhoAmI_AsYaml_IsTheSelfSubjectReview()
    {
        var result = (await fixture.Kubectl.RunAsync("auth", "whoami", "-o", "yaml")).EnsureSuccess();

        Assert.Contains("apiVersion: authentication.k8s.io/v1\nkind: SelfSubjectReview\n", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("    username: admin", result.Stdout, StringComparison.Ordinal);
    }

    /// <summary>
    /// kubectl 1.27 asks only for authentication.k8s.io v1alpha1 and v1beta1, which Everynode (like a 1.32 cluster
    /// without those betas switched on) does not serve; it says so as kubectl does.
    /// </summary>
    [Fact]
    public async Task AuthWhoAmI_Kubectl127_ExplainsTheMissingBetaApi()
    {
        var result = await fixture.Kubectl.Client("1.27").RunAsync("auth", "whoami");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error: the selfsubjectreviews API is not enabled in the cluster", result.Stderr, StringComparison.Ordinal);
    }
}
