using Everynode.Api.Authorization;
using k8s.Models;

namespace Everynode.Api.Tests.Authorization;

public sealed class RbacPolicyTests
{
    private static readonly RbacPolicy Defaults = new(BootstrapPolicy.ClusterRoles(), [], [], BootstrapPolicy.ClusterRoleBindings());

    private static RequestAttributes As(string user, string verb, string group, string resource, string ns = "default", params string[] groups) =>
        new() { User = user, Groups = [.. groups, "system:authenticated"], Verb = verb, ApiGroup = group, Resource = resource, Namespace = ns };

    private static RbacPolicy WithBinding(string role, string subjectKind, string subject, string ns = "default", string roleKind = "ClusterRole", params V1Role[] roles) => new(
        BootstrapPolicy.ClusterRoles(), roles,
        [new V1RoleBinding
        {
            Metadata = new V1ObjectMeta { Name = "b", NamespaceProperty = ns },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = roleKind, Name = role },
            Subjects = [new Rbacv1Subject { Kind = subjectKind, Name = subject, ApiGroup = subjectKind == "ServiceAccount" ? "" : "rbac.authorization.k8s.io" }],
        }],
        BootstrapPolicy.ClusterRoleBindings());

    [Fact]
    public void Authorize_NobodyBound_NoOpinion()
    {
        Assert.False(Defaults.Authorize(As("alice", "list", "", "pods")).Allowed);
    }

    [Fact]
    public void Authorize_MastersBoundToClusterAdmin_Everything()
    {
        Assert.True(Defaults.Authorize(As("root", "delete", "apps", "daemonsets", "x", "system:masters")).Allowed);
    }

    [Theory]
    [InlineData("view", "list", "", "pods", true)]
    [InlineData("view", "get", "", "secrets", false)]
    [InlineData("view", "create", "", "pods", false)]
    [InlineData("view", "watch", "apps", "daemonsets", true)]
    [InlineData("edit", "create", "apps", "daemonsets", true)]
    [InlineData("edit", "get", "", "secrets", true)]
    [InlineData("edit", "create", "rbac.authorization.k8s.io", "rolebindings", false)]
    [InlineData("admin", "create", "rbac.authorization.k8s.io", "rolebindings", true)]
    [InlineData("admin", "delete", "", "pods", true)]
    public void Authorize_AggregatedDefaultRoles(string role, string verb, string group, string resource, bool expected)
    {
        var policy = WithBinding(role, "User", "alice");

        Assert.Equal(expected, policy.Authorize(As("alice", verb, group, resource)).Allowed);
        Assert.False(policy.Authorize(As("alice", verb, group, resource, ns: "other")).Allowed);
    }

    [Fact]
    public void Authorize_GroupAndServiceAccountSubjects()
    {
        Assert.True(WithBinding("view", "Group", "team").Authorize(As("bob", "list", "", "pods", "default", "team")).Allowed);
        Assert.True(WithBinding("view", "ServiceAccount", "sa").Authorize(As("system:serviceaccount:default:sa", "list", "", "pods")).Allowed);
        Assert.False(WithBinding("view", "ServiceAccount", "sa").Authorize(As("system:serviceaccount:other:sa", "list", "", "pods")).Allowed);
    }

    [Fact]
    public void Authorize_RoleBindingToNamespacedRole()
    {
        var role = new V1Role
        {
            Metadata = new V1ObjectMeta { Name = "reader", NamespaceProperty = "default" },
            Rules = [new V1PolicyRule { Verbs = ["get"], ApiGroups = [""], Resources = ["configmaps"] }],
        };

        var policy = WithBinding("reader", "User", "alice", roleKind: "Role", roles: role);

        Assert.True(policy.Authorize(As("alice", "get", "", "configmaps")).Allowed);
        Assert.False(policy.Authorize(As("alice", "list", "", "configmaps")).Allowed);
    }

    [Fact]
    public void Authorize_MissingRole_NamesItInTheReason()
    {
        var decision = WithBinding("nope", "User", "alice").Authorize(As("alice", "get", "", "pods"));

        Assert.False(decision.Allowed);
        Assert.Equal("RBAC: clusterrole.rbac.authorization.k8s.io \"nope\" not found", decision.Reason);
    }

    [Fact]
    public void Authorize_NewAggregatedRoleExtendsView()
    {
        var extra = new V1ClusterRole
        {
            Metadata = new V1ObjectMeta { Name = "crontabs-view", Labels = new Dictionary<string, string> { [BootstrapPolicy.AggregateToView] = "true" } },
            Rules = [new V1PolicyRule { Verbs = ["get"], ApiGroups = ["stable.example.com"], Resources = ["crontabs"] }],
        };
        var policy = new RbacPolicy([.. BootstrapPolicy.ClusterRoles(), extra], [],
            [new V1RoleBinding
            {
                Metadata = new V1ObjectMeta { Name = "b", NamespaceProperty = "default" },
                RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "admin" },
                Subjects = [new Rbacv1Subject { Kind = "User", Name = "alice", ApiGroup = "rbac.authorization.k8s.io" }],
            }], []);

        Assert.True(policy.Authorize(As("alice", "get", "stable.example.com", "crontabs")).Allowed);
    }
}
