using System.Net;
using k8s;
using k8s.Models;

namespace Everynode.ApiServer.Tests;

/// <summary>authentication.k8s.io/v1 SelfSubjectReview: who the admin token authenticates as.</summary>
public sealed class SelfSubjectReviewTests(ApiServerFixture server) : IClassFixture<ApiServerFixture>
{
    [Fact]
    public async Task Create_ReturnsTheAdminUser()
    {
        var review = await server.Client.AuthenticationV1.CreateSelfSubjectReviewAsync(new V1SelfSubjectReview { Metadata = new V1ObjectMeta() });

        Assert.Equal(("authentication.k8s.io/v1", "SelfSubjectReview"), (review.ApiVersion, review.Kind));
        Assert.Equal("admin", review.Status.UserInfo.Username);
        Assert.Equal(["system:masters", "system:authenticated"], review.Status.UserInfo.Groups);
    }

    [Fact]
    public async Task Get_IsMethodNotAllowed()
    {
        using var response = await server.Http.SendAsync(server.AuthorizedRequest(HttpMethod.Get, "/apis/authentication.k8s.io/v1/selfsubjectreviews"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task Discovery_ListsItCreateOnly()
    {
        var resources = await server.Client.AuthenticationV1.GetAPIResourcesAsync();

        var r = Assert.Single(resources.Resources);
        Assert.Equal(("selfsubjectreviews", "SelfSubjectReview", false), (r.Name, r.Kind, r.Namespaced));
        Assert.Equal(["create"], r.Verbs);
    }
}
