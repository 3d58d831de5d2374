using Everynode.Api.Resources;
using Everynode.ApiServer.Http;
using Everynode.ApiServer.Serialization;
using k8s.Models;
using Microsoft.AspNetCore.Http;

namespace Everynode.ApiServer.Auth;

/// <summary>
/// POST selfsubjectreviews (authentication.k8s.io/v1): answers with the user the request authenticated as, the way
/// <c>kubectl auth whoami</c> asks. Nothing is stored; the request body (kubectl sends it as protobuf) carries
/// nothing the answer depends on.
/// </summary>
internal static class SelfSubjectReviews
{
    public static async Task CreateAsync(HttpContext ctx, ResourceInfo r, CancellationToken ct)
    {
        await RequestBody.ReadBytesAsync(ctx, ct);
        var user = UserInfo.Get(ctx) ?? throw ApiException.Unauthorized();
        var review = new V1SelfSubjectReview
        {
            ApiVersion = r.ApiVersion,
            Kind = r.Kind,
            Metadata = new V1ObjectMeta(),
            Status = new V1SelfSubjectReviewStatus
            {
                UserInfo = new V1UserInfo { Username = user.Name, Groups = [.. user.Groups] },
            },
        };
        await Responses.WriteJsonAsync(ctx, 201, ObjectCodec.Serialize(review), ct);
    }
}
