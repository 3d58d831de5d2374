using Everynode.Api.Authorization;
using Everynode.Api.Resources;
using Everynode.ApiServer.Auth;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Http;

namespace Everynode.ApiServer.Admission;

/// <summary>
/// Upstream's RBAC escalation prevention: a Role or ClusterRole may only grant what its writer already holds (unless
/// the writer may <c>escalate</c> it), and a binding may only bind a role whose rules its writer holds (unless the
/// writer may <c>bind</c> it). system:masters may do anything; an aggregating ClusterRole needs <c>escalate</c>.
/// </summary>
internal static class RbacEscalation
{
    private const string Group = "rbac.authorization.k8s.io";
    private static readonly object AuthorizerKey = new();

    /// <summary>Makes the authorizer (and its current RBAC policy) available to the checks of this request.</summary>
    public static void Use(HttpContext ctx, RequestAuthorizer authorizer) => ctx.Items[AuthorizerKey] = authorizer;

    /// <summary>Checks a written RBAC object; <paramref name="old"/> is the stored one on an update.</summary>
    public static void Check(HttpContext ctx, ResourceInfo r, IKubernetesObject<V1ObjectMeta> obj, IKubernetesObject<V1ObjectMeta>? old)
    {
        if (r.Group != Group || UserInfo.Get(ctx) is not { } user || user.Groups.Contains(BootstrapPolicy.MastersGroup)
            || !ctx.Items.TryGetValue(AuthorizerKey, out var value) || value is not RequestAuthorizer authorizer)
        {
            return;
        }

        var ns = obj.Metadata?.NamespaceProperty ?? "";
        var name = obj.Metadata?.Name ?? "";
        switch (obj)
        {
            case V1Role role when !SameRules(role.Rules, (old as V1Role)?.Rules):
                RequireHeld(authorizer, user, r, ns, name, role.Rules ?? [], "escalate", r.Plural, name);
                break;
            case V1ClusterRole clusterRole when clusterRole.AggregationRule is not null:
                if (!Allowed(authorizer, user, "escalate", r.Plural, "", name))
                {
                    throw RequestAuthorizer.ForbiddenStatus(r, name, "must have cluster-admin privileges to use the aggregationRule");
                }

                break;
            case V1ClusterRole clusterRole when !SameRules(clusterRole.Rules, (old as V1ClusterRole)?.Rules):
                RequireHeld(authorizer, user, r, "", name, clusterRole.Rules ?? [], "escalate", r.Plural, name);
                break;
            case V1RoleBinding binding:
                RequireBindable(authorizer, user, r, ns, name, binding.RoleRef);
                break;
            case V1ClusterRoleBinding binding:
                RequireBindable(authorizer, user, r, "", name, binding.RoleRef);
                break;
        }
    }

    private static void RequireBindable(RequestAuthorizer authorizer, UserInfo user, ResourceInfo r, string ns, string name, V1RoleRef? roleRef)
    {
        if (roleRef is null)
        {
            return; // Validation reports the missing roleRef.
        }

        var roleResource = roleRef.Kind == "ClusterRole" ? "clusterroles" : "roles";
        if (Allowed(authorizer, user, "bind", roleResource, ns, roleRef.Name ?? ""))
        {
            return;
        }

        var errors = new List<string>();
        var rules = authorizer.Policy.RoleRefRules(roleRef, ns, errors);
        if (rules is null)
        {
            throw RequestAuthorizer.ForbiddenStatus(r, name, Escalating(user, [], errors));
        }

        RequireHeld(authorizer, user, r, ns, name, rules, null, roleResource, roleRef.Name ?? "");
    }

    private static void RequireHeld(
        RequestAuthorizer authorizer, UserInfo user, ResourceInfo r, string ns, string name, IEnumerable<V1PolicyRule> granted, string? verb, string resource, string resourceName)
    {
        if (verb is not null && Allowed(authorizer, user, verb, resource, ns, resourceName))
        {
            return;
        }

        var (held, errors) = authorizer.Policy.RulesFor(user.Name, user.Groups, ns);
        var missing = RuleCoverage.Uncovered(held, granted);
        if (missing.Count > 0)
        {
            throw RequestAuthorizer.ForbiddenStatus(r, name, Escalating(user, missing, errors));
        }
    }

    /// <summary>Upstream's ConfirmNoEscalation message.</summary>
    private static string Escalating(UserInfo user, IReadOnlyList<V1PolicyRule> missing, IReadOnlyList<string> errors)
    {
        var groups = string.Join(" ", user.Groups.Select(g => $"\"{g}\""));
        var message = $"user \"{user.Name}\" (groups=[{groups}]) is attempting to grant RBAC permissions not currently held:\n"
            + string.Join("\n", missing.Select(RuleCoverage.Compact));
        return errors.Count == 0 ? message : $"{message}; resolution errors: [{string.Join(" ", errors)}]";
    }

    private static bool Allowed(RequestAuthorizer authorizer, UserInfo user, string verb, string resource, string ns, string name) =>
        authorizer.Authorize(new RequestAttributes
        {
            User = user.Name, Groups = user.Groups, IsResourceRequest = true, Verb = verb, ApiGroup = Group,
            Resource = resource, Namespace = ns, Name = name,
        }).Allowed;

    private static bool SameRules(IList<V1PolicyRule>? a, IList<V1PolicyRule>? b) =>
        b is not null && KubernetesJson.Serialize(a ?? []) == KubernetesJson.Serialize(b);
}
