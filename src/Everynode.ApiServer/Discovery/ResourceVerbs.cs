using Everynode.Api.Resources;
using Everynode.ApiServer.Http;
using Microsoft.AspNetCore.Http;

namespace Everynode.ApiServer.Discovery;

/// <summary>
/// Keeps requests on a main resource within the verbs discovery advertises for it: a verb the resource does not
/// list (a write to the read-only <c>services</c>, deletecollection on namespaces) is 405 MethodNotAllowed, as upstream
/// answers for a storage that lacks the verb.
/// </summary>
internal static class ResourceVerbs
{
    public static void EnsureAllowed(ResourceInfo r, RequestInfo info, HttpRequest request)
    {
        if (info.Subresource is not null || Verb(info, request) is not { } verb || r.Verbs.Contains(verb))
        {
            return;
        }

        throw ApiException.MethodNotAllowed();
    }

    /// <summary>The Kubernetes verb of a request on a main resource (upstream's RequestInfo.Verb).</summary>
    public static string? Verb(RequestInfo info, HttpRequest request)
    {
        var watch = info.WatchPrefix || request.Query["watch"] is { Count: > 0 } w && w[0] is "true" or "1" or "True";
        return (request.Method, info.Name is null) switch
        {
            ("GET", _) when watch => "watch",
            ("GET", true) => "list",
            ("GET", false) => "get",
            ("POST", true) => "create",
            ("PUT", false) => "update",
            ("PATCH", false) => "patch",
            ("DELETE", true) => "deletecollection",
            ("DELETE", false) => "delete",
            _ => null,
        };
    }
}
