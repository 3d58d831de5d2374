using Everynode.Api.Authorization;
using Everynode.ApiServer.Http;
using Microsoft.AspNetCore.Http;

namespace Everynode.ApiServer.Auth;

/// <summary>
/// Upstream's impersonation filter (<c>kubectl --as</c>, <c>--as-group</c>, <c>--as-uid</c>): the authenticated user
/// must be allowed the <c>impersonate</c> verb on each users/groups/serviceaccounts/uids/userextras asked for; the
/// request then runs as the impersonated user, who is in system:authenticated.
/// </summary>
internal static class Impersonation
{
    private const string UserHeader = "Impersonate-User";
    private const string GroupHeader = "Impersonate-Group";
    private const string UidHeader = "Impersonate-Uid";
    private const string ExtraPrefix = "Impersonate-Extra-";
    private const string ServiceAccountPrefix = "system:serviceaccount:";

    /// <summary>The user the request acts as: <paramref name="user"/> itself when no impersonation header is sent.</summary>
    public static UserInfo Apply(HttpRequest request, UserInfo user, RequestAuthorizer authorizer)
    {
        var headers = request.Headers;
        var name = headers[UserHeader].ToString();
        var groups = headers[GroupHeader].Where(g => !string.IsNullOrEmpty(g)).Select(g => g!).ToList();
        var uid = headers[UidHeader].ToString();
        var extras = headers.Where(h => h.Key.StartsWith(ExtraPrefix, StringComparison.OrdinalIgnoreCase)).ToList();
        if (name.Length == 0)
        {
            if (groups.Count > 0 || uid.Length > 0 || extras.Count > 0)
            {
                throw ApiException.BadRequest("requested impersonation of groups, uid or extra fields without impersonating a user");
            }

            return user;
        }

        var newGroups = new List<string>();
        if (name.StartsWith(ServiceAccountPrefix, StringComparison.Ordinal) && name[ServiceAccountPrefix.Length..].Split(':') is [var ns, var sa])
        {
            Check(authorizer, user, "", "serviceaccounts", sa, ns);
            newGroups.AddRange(["system:serviceaccounts", "system:serviceaccounts:" + ns]);
        }
        else
        {
            Check(authorizer, user, "", "users", name, "");
        }

        foreach (var g in groups)
        {
            Check(authorizer, user, "", "groups", g, "");
            if (!newGroups.Contains(g))
            {
                newGroups.Add(g);
            }
        }

        if (uid.Length > 0)
        {
            Check(authorizer, user, "authentication.k8s.io", "uids", uid, "");
        }

        foreach (var (key, values) in extras)
        {
            foreach (var value in values)
            {
                Check(authorizer, user, "authentication.k8s.io", "userextras", value ?? "", "", key[ExtraPrefix.Length..].ToLowerInvariant());
            }
        }

        if (name == "system:anonymous")
        {
            newGroups.Add("system:unauthenticated");
        }
        else if (!newGroups.Contains(BootstrapPolicy.AuthenticatedGroup))
        {
            newGroups.Add(BootstrapPolicy.AuthenticatedGroup);
        }

        return new UserInfo(name, newGroups, uid);
    }

    private static void Check(RequestAuthorizer authorizer, UserInfo user, string group, string resource, string name, string ns, string subresource = "")
    {
        authorizer.Require(new RequestAttributes
        {
            User = user.Name,
            Groups = user.Groups,
            Verb = "impersonate",
            ApiGroup = group,
            Resource = resource,
            Subresource = subresource,
            Name = name,
            Namespace = ns,
        });
    }
}
