using Everynode.Api.Authorization;

namespace Everynode.Api.Tests.Authorization;

public sealed class NodeAuthorizerTests
{
    private static RequestAttributes Node(string verb, string group, string resource, string subresource = "", string ns = "", string name = "") => new()
    {
        User = "system:node:n1", Groups = ["system:nodes", "system:authenticated"], Verb = verb, ApiGroup = group,
        Resource = resource, Subresource = subresource, Namespace = ns, Name = name,
    };

    [Theory]
    [InlineData("get", "", "nodes", "", "", true)]
    [InlineData("patch", "", "nodes", "status", "", true)]
    [InlineData("watch", "", "pods", "", "", true)]
    [InlineData("patch", "", "pods", "status", "default", true)]
    [InlineData("create", "", "pods", "", "default", true)]
    [InlineData("delete", "", "pods", "", "default", true)]
    [InlineData("create", "", "events", "", "default", true)]
    [InlineData("update", "coordination.k8s.io", "leases", "", "kube-node-lease", true)]
    [InlineData("update", "coordination.k8s.io", "leases", "", "default", false)]
    [InlineData("update", "", "pods", "", "default", false)]
    [InlineData("deletecollection", "", "pods", "", "default", false)]
    [InlineData("get", "", "secrets", "", "default", false)]
    [InlineData("create", "apps", "daemonsets", "", "default", false)]
    [InlineData("create", "rbac.authorization.k8s.io", "clusterrolebindings", "", "", false)]
    public void Authorize_WhatANodeMayDo(string verb, string group, string resource, string subresource, string ns, bool allowed)
    {
        Assert.Equal(allowed, NodeAuthorizer.Authorize(Node(verb, group, resource, subresource, ns)).Allowed);
    }

    [Fact]
    public void Authorize_NotANode_NoOpinion()
    {
        var a = Node("get", "", "nodes") with { Groups = ["system:authenticated"] };

        Assert.Equal(AuthorizationDecision.Kind.NoOpinion, NodeAuthorizer.Authorize(a).Outcome);
    }

    [Fact]
    public void Authorize_Secrets_SaysThereIsNoRelationship()
    {
        Assert.Equal("no relationship found between node 'n1' and this object", NodeAuthorizer.Authorize(Node("get", "", "secrets", ns: "default", name: "s")).Reason);
    }
}
