using Everynode.Api.Authorization;
using Everynode.Api.Resources;
using Everynode.ApiServer.Http;
using k8s.Models;
using Microsoft.AspNetCore.Http;

namespace Everynode.ApiServer.Auth;

/// <summary>
/// The authorizer chain, in upstream's order: members of system:masters are always allowed, then the Node
/// authorizer, then RBAC. Nothing allowed is a 403 with upstream's message.
/// </summary>
internal sealed class RequestAuthorizer(RbacCache rbac)
{
    public RbacPolicy Policy => rbac.Policy;

    public AuthorizationDecision Authorize(RequestAttributes a)
    {
        if (a.Groups.Contains(BootstrapPolicy.MastersGroup))
        {
            return AuthorizationDecision.Allow;
        }

        var reasons = new List<string>();
        foreach (var decision in (Func<RequestAttributes, AuthorizationDecision>[])[NodeAuthorizer.Authorize, rbac.Policy.Authorize])
        {
            var d = decision(a);
            if (d.Outcome != AuthorizationDecision.Kind.NoOpinion)
            {
                return d;
            }

            if (d.Reason.Length > 0)
            {
                reasons.Add(d.Reason);
            }
        }

        return AuthorizationDecision.NoOpinion(string.Join(", ", reasons));
    }

    /// <summary>Authorizes or throws upstream's 403.</summary>
    public void Require(RequestAttributes a)
    {
        var d = Authorize(a);
        if (!d.Allowed)
        {
            throw Forbidden(a, d.Reason);
        }
    }

    /// <summary>What a request asks, as authorization attributes (upstream's RequestInfo → authorizer.Attributes).</summary>
    public static RequestAttributes Attributes(UserInfo user, HttpRequest request, RequestInfo? info, string path)
    {
        if (info is null || info.Resource.Length == 0)
        {
            return new RequestAttributes
            {
                User = user.Name, Groups = user.Groups, IsResourceRequest = false, Path = path,
                Verb = request.Method.ToLowerInvariant(),
            };
        }

        var watch = info.WatchPrefix || request.Query["watch"] is { Count: > 0 } w && w[0] is "true" or "1" or "True";
        var verb = (request.Method, info.Name is null) switch
        {
            ("GET" or "HEAD", _) when watch => "watch",
            ("GET" or "HEAD", true) => "list",
            ("GET" or "HEAD", false) => "get",
            ("POST", _) => "create",
            ("PUT", _) => "update",
            ("PATCH", _) => "patch",
            ("DELETE", true) => "deletecollection",
            ("DELETE", false) => "delete",
            _ => request.Method.ToLowerInvariant(),
        };
        return new RequestAttributes
        {
            User = user.Name,
            Groups = user.Groups,
            Verb = verb,
            ApiGroup = info.Group,
            Resource = info.Resource,
            Subresource = info.Subresource ?? "",
            Namespace = info.Namespace ?? "",
            Name = info.Name ?? "",
            Path = path,
        };
    }

    /// <summary>Upstream's forbiddenMessage, wrapped as NewForbidden does (<c>pods "x" is forbidden: ...</c>).</summary>
    public static ApiException Forbidden(RequestAttributes a, string reason)
    {
        string message;
        if (!a.IsResourceRequest)
        {
            message = $"User \"{a.User}\" cannot {a.Verb} path \"{a.Path}\"";
        }
        else if (a.Namespace.Length > 0)
        {
            message = $"User \"{a.User}\" cannot {a.Verb} resource \"{a.CombinedResource}\" in API group \"{a.ApiGroup}\" in the namespace \"{a.Namespace}\"";
        }
        else
        {
            message = $"User \"{a.User}\" cannot {a.Verb} resource \"{a.CombinedResource}\" in API group \"{a.ApiGroup}\" at the cluster scope";
        }

        if (reason.Length > 0)
        {
            message += ": " + reason;
        }

        return ForbiddenStatus(a.ApiGroup, a.Resource, a.Name, message);
    }

    /// <summary>A 403 Status for a group/resource/name (upstream's errors.NewForbidden).</summary>
    public static ApiException ForbiddenStatus(string group, string resource, string name, string detail)
    {
        var groupResource = resource.Length == 0 ? "" : group.Length == 0 ? resource : $"{resource}.{group}";
        var prefix = groupResource.Length == 0 ? "forbidden" : name.Length == 0 ? $"{groupResource} is forbidden" : $"{groupResource} \"{name}\" is forbidden";
        return new ApiException(403, "Forbidden", $"{prefix}: {detail}", new V1StatusDetails
        {
            Name = name.Length == 0 ? null : name,
            Group = group.Length == 0 ? null : group,
            Kind = resource.Length == 0 ? null : resource,
        });
    }

    public static ApiException ForbiddenStatus(ResourceInfo r, string name, string detail) => ForbiddenStatus(r.Group, r.Plural, name, detail);
}
