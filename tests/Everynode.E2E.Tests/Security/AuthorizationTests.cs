using Everynode.E2E.Tests.Harness;

namespace Everynode.E2E.Tests.Security;

/// <summary>RBAC's default roles through <c>kubectl auth can-i</c>, impersonation, and upstream's 403 message.</summary>
public sealed class AuthorizationTests(SecureServerFixture fixture) : IClassFixture<SecureServerFixture>, IAsyncLifetime
{
    private Kubectl Kubectl => fixture.Server.Kubectl;

    public async Task InitializeAsync()
    {
        await Kubectl.RunAsync("create", "namespace", "team");
        (await Kubectl.ApplyAsync("""
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: viewers, namespace: team}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
            subjects: [{apiGroup: rbac.authorization.k8s.io, kind: Group, name: team-view}]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: editors, namespace: team}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
            subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: editor}]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: admins, namespace: team}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: admin}
            subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: nsadmin}]
            """)).EnsureSuccess();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData(SecureServerFixture.ViewerToken, "list pods", "yes")]
    [InlineData(SecureServerFixture.ViewerToken, "watch daemonsets.apps", "yes")]
    [InlineData(SecureServerFixture.ViewerToken, "create pods", "no")]
    [InlineData(SecureServerFixture.ViewerToken, "get secrets", "no")]
    [InlineData(SecureServerFixture.EditorToken, "create daemonsets.apps", "yes")]
    [InlineData(SecureServerFixture.EditorToken, "get secrets", "yes")]
    [InlineData(SecureServerFixture.EditorToken, "create rolebindings.rbac.authorization.k8s.io", "no")]
    [InlineData(SecureServerFixture.AdminUserToken, "create rolebindings.rbac.authorization.k8s.io", "yes")]
    [InlineData(SecureServerFixture.AdminUserToken, "delete pods", "yes")]
    [InlineData(SecureServerFixture.AdminUserToken, "create nodes", "no")]
    [InlineData(SecureServerFixture.RootToken, "create nodes", "yes")]
    public async Task CanI_DefaultRoles(string token, string what, string expected)
    {
        var args = new List<string> { "--token", token, "auth", "can-i" };
        args.AddRange(what.Split(' '));
        args.AddRange(["-n", "team"]);

        var answer = await Eventually(args, expected);

        Assert.Equal(expected, answer.Stdout.Trim());
        var elsewhere = await Kubectl.RunAsync([.. args[..^1], "default"]);
        Assert.Equal(token == SecureServerFixture.RootToken ? "yes" : "no", elsewhere.Stdout.Trim());
    }

    [Fact]
    public async Task CanI_List_ShowsTheViewRules()
    {
        await Eventually(["--token", SecureServerFixture.ViewerToken, "auth", "can-i", "list", "pods", "-n", "team"], "yes");

        var list = (await Kubectl.SucceedAsync("--token", SecureServerFixture.ViewerToken, "auth", "can-i", "--list", "-n", "team")).Stdout;

        Assert.Contains("daemonsets.apps", list, StringComparison.Ordinal);
        Assert.Contains("[get list watch]", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forbidden_HasUpstreamsMessage()
    {
        var result = await Kubectl.RunAsync("--token", SecureServerFixture.ViewerToken, "get", "pods", "-n", "kube-system");

        Assert.Contains("Error from server (Forbidden): pods is forbidden: User \"viewer\" cannot list resource \"pods\" in API group \"\" in the namespace \"kube-system\"", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Impersonation_OnlyForThoseAllowedTo()
    {
        await Eventually(["--token", SecureServerFixture.ViewerToken, "auth", "can-i", "list", "pods", "-n", "team"], "yes");

        var asViewer = await Kubectl.RunAsync("--as", "viewer", "--as-group", "team-view", "auth", "can-i", "list", "pods", "-n", "team");
        var whoami = (await Kubectl.SucceedAsync("--as", "viewer", "--as-group", "team-view", "auth", "whoami")).Stdout;
        var escalate = await Kubectl.RunAsync("--token", SecureServerFixture.ViewerToken, "--as", "admin", "get", "pods", "-n", "team");

        Assert.Equal("yes", asViewer.Stdout.Trim());
        Assert.Contains("viewer", whoami, StringComparison.Ordinal);
        Assert.Contains("team-view", whoami, StringComparison.Ordinal);
        Assert.Contains("users \"admin\" is forbidden: User \"viewer\" cannot impersonate resource \"users\" in API group \"\" at the cluster scope", escalate.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Escalation_ANamespaceAdmin_GrantsOnlyWhatItHolds()
    {
        await Eventually(["--token", SecureServerFixture.AdminUserToken, "auth", "can-i", "create", "roles.rbac.authorization.k8s.io", "-n", "team"], "yes");
        string[] asAdmin = ["--token", SecureServerFixture.AdminUserToken, "-n", "team"];

        Assert.Equal("role.rbac.authorization.k8s.io/pod-reader created",
            (await Kubectl.SucceedAsync([.. asAdmin, "create", "role", "pod-reader", "--verb=get,list", "--resource=pods"])).Stdout.Trim());
        Assert.Equal("rolebinding.rbac.authorization.k8s.io/read-pods created",
            (await Kubectl.SucceedAsync([.. asAdmin, "create", "rolebinding", "read-pods", "--role=pod-reader", "--user=someone"])).Stdout.Trim());

        var role = await Kubectl.RunAsync([.. asAdmin, "create", "role", "node-reader", "--verb=list", "--resource=nodes"]);
        Assert.Contains("roles.rbac.authorization.k8s.io \"node-reader\" is forbidden: user \"nsadmin\" (groups=[", role.Stderr, StringComparison.Ordinal);
        Assert.Contains("is attempting to grant RBAC permissions not currently held:\n{APIGroups:[\"\"], Resources:[\"nodes\"], Verbs:[\"list\"]}", role.Stderr, StringComparison.Ordinal);

        var binding = await Kubectl.RunAsync([.. asAdmin, "create", "rolebinding", "grab", "--clusterrole=cluster-admin", "--user=nsadmin"]);
        Assert.Contains("rolebindings.rbac.authorization.k8s.io \"grab\" is forbidden: user \"nsadmin\"", binding.Stderr, StringComparison.Ordinal);
        Assert.Contains("{APIGroups:[\"*\"], Resources:[\"*\"], Verbs:[\"*\"]}", binding.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, (await Kubectl.RunAsync("get", "rolebinding", "grab", "-n", "team")).ExitCode);

        // The cluster's admin may grant anything.
        (await Kubectl.SucceedAsync("create", "rolebinding", "granted", "--clusterrole=cluster-admin", "--user=trusted", "-n", "team")).EnsureSuccess();
    }

    /// <summary>RBAC objects reach the authorizer through a watch: ask until the answer is the expected one, briefly.</summary>
    private async Task<CommandResult> Eventually(IReadOnlyList<string> args, string expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var result = await Kubectl.RunAsync(args);
            if (result.Stdout.Trim() == expected || DateTime.UtcNow > deadline)
            {
                return result;
            }

            await Task.Delay(200);
        }
    }
}
