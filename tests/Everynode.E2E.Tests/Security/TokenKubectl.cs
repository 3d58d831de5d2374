using Everynode.E2E.Tests.Harness;

namespace Everynode.E2E.Tests.Security;

/// <summary>kubectl with the server's kubeconfig but another bearer token (<c>--token</c>), as one user of the cluster.</summary>
internal sealed class TokenKubectl(Kubectl kubectl, string token)
{
    public Task<CommandResult> RunAsync(IReadOnlyList<string> args, string? stdin = null) => kubectl.RunAsync(["--token", token, .. args], stdin);

    public Task<CommandResult> RunAsync(params string[] args) => RunAsync(args, stdin: null);

    public async Task<CommandResult> SucceedAsync(params string[] args) => (await RunAsync(args)).EnsureSuccess();

    public Task<CommandResult> ApplyAsync(string manifest) => RunAsync(["apply", "-f", "-"], manifest);
}
