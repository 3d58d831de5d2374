using Everynode.Api.Resources;
using k8s;
using k8s.Models;

namespace Everynode.Api.Authorization;

/// <summary>authorization.k8s.io reviews (SelfSubjectAccessReview and its kin): create-only, never stored; the API server answers.</summary>
public sealed class ReviewStrategy<T> : ResourceStrategy<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
}
