using Everynode.Api.Resources;
using k8s.Models;

namespace Everynode.Api.Services;

/// <summary>
/// Services are served read-only (get, list, watch): Everynode has no service proxy or cluster IP allocator, so it
/// holds no services, but <c>kubectl cluster-info</c> and <c>kubectl get all</c> list them and need the resource to
/// exist. Writes are refused with 405 MethodNotAllowed because the resource does not advertise those verbs.
/// </summary>
public sealed class ServiceStrategy : ResourceStrategy<V1Service>
{
}
