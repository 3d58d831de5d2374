using Everynode.Api.Resources;
using k8s.Models;

namespace Everynode.Api.Authentication;

/// <summary>
/// authentication.k8s.io SelfSubjectReview (<c>kubectl auth whoami</c>): create-only and never stored; the API
/// server answers a create with the user the request authenticated as.
/// </summary>
public sealed class SelfSubjectReviewStrategy : ResourceStrategy<V1SelfSubjectReview>
{
}
