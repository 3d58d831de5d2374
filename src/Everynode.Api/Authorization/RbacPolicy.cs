using Everynode.Api.Selectors;
using k8s.Models;

namespace Everynode.Api.Authorization;

/// <summary>
/// One consistent view of the cluster's RBAC objects and the decisions upstream's RBAC authorizer makes from
/// them. Immutable: the server builds a new one when an RBAC object changes and swaps it in.
/// A ClusterRole with an aggregationRule grants its own rules plus those of every ClusterRole its selectors match
/// (what upstream's aggregation controller writes into it).
/// </summary>
public sealed class RbacPolicy
{
    private readonly Dictionary<string, V1ClusterRole> _clusterRoles;
    private readonly Dictionary<(string Namespace, string Name), V1Role> _roles;
    private readonly Dictionary<string, List<V1RoleBinding>> _roleBindings;
    private readonly List<V1ClusterRoleBinding> _clusterRoleBindings;
    private readonly Dictionary<string, IReadOnlyList<V1PolicyRule>> _aggregated = new(StringComparer.Ordinal);

    public RbacPolicy(
        IEnumerable<V1ClusterRole> clusterRoles, IEnumerable<V1Role> roles, IEnumerable<V1RoleBinding> roleBindings, IEnumerable<V1ClusterRoleBinding> clusterRoleBindings)
    {
        _clusterRoles = clusterRoles.Where(r => r.Metadata?.Name is not null).ToDictionary(r => r.Metadata.Name, StringComparer.Ordinal);
        _roles = roles.Where(r => r.Metadata?.Name is not null).ToDictionary(r => (r.Metadata.NamespaceProperty ?? "", r.Metadata.Name));
        _roleBindings = roleBindings.GroupBy(b => b.Metadata?.NamespaceProperty ?? "", StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        _clusterRoleBindings = [.. clusterRoleBindings];
        foreach (var role in _clusterRoles.Values.Where(r => r.AggregationRule is not null))
        {
            Aggregate(role);
        }
    }

    public static RbacPolicy Empty { get; } = new([], [], [], []);

    /// <summary>Allow when a rule bound to the user covers the request; otherwise no opinion, naming missing roles.</summary>
    public AuthorizationDecision Authorize(RequestAttributes a)
    {
        var errors = new List<string>();
        foreach (var rules in RuleSets(a.User, a.Groups, a.Namespace, errors))
        {
            if (rules.Any(rule => PolicyRules.Allows(rule, a)))
            {
                return AuthorizationDecision.Allow;
            }
        }

        return AuthorizationDecision.NoOpinion(errors.Count == 0 ? "" : "RBAC: " + string.Join(", ", errors.Distinct(StringComparer.Ordinal)));
    }

    /// <summary>Every rule that applies to the user in a namespace (cluster-wide ones included): SelfSubjectRulesReview.</summary>
    public (IReadOnlyList<V1PolicyRule> Rules, IReadOnlyList<string> Errors) RulesFor(string user, IReadOnlyList<string> groups, string ns)
    {
        var errors = new List<string>();
        var rules = RuleSets(user, groups, ns, errors).SelectMany(r => r).ToList();
        return (rules, errors);
    }

    /// <summary>
    /// The rules a binding's roleRef grants (a Role of <paramref name="ns"/>, or a ClusterRole, aggregated); null with
    /// an error when the role does not exist.
    /// </summary>
    public IReadOnlyList<V1PolicyRule>? RoleRefRules(V1RoleRef roleRef, string ns, List<string> errors)
    {
        if (roleRef.Kind == "ClusterRole")
        {
            return ClusterRoleRules(roleRef.Name ?? "", errors);
        }

        if (_roles.TryGetValue((ns, roleRef.Name ?? ""), out var role))
        {
            return [.. role.Rules ?? []];
        }

        errors.Add($"role.rbac.authorization.k8s.io \"{roleRef.Name}\" not found");
        return null;
    }

    /// <summary>Rule sets from cluster role bindings first, then the role bindings of the namespace.</summary>
    private IEnumerable<IReadOnlyList<V1PolicyRule>> RuleSets(string user, IReadOnlyList<string> groups, string ns, List<string> errors)
    {
        foreach (var b in _clusterRoleBindings)
        {
            if (AppliesTo(b.Subjects, user, groups, "") && ClusterRoleRules(b.RoleRef?.Name ?? "", errors) is { } rules)
            {
                yield return rules;
            }
        }

        if (ns.Length == 0 || !_roleBindings.TryGetValue(ns, out var bindings))
        {
            yield break;
        }

        foreach (var b in bindings)
        {
            if (!AppliesTo(b.Subjects, user, groups, ns))
            {
                continue;
            }

            var name = b.RoleRef?.Name ?? "";
            if (b.RoleRef?.Kind == "ClusterRole")
            {
                if (ClusterRoleRules(name, errors) is { } rules)
                {
                    yield return rules;
                }
            }
            else if (_roles.TryGetValue((ns, name), out var role))
            {
                yield return [.. role.Rules ?? []];
            }
            else
            {
                errors.Add($"role.rbac.authorization.k8s.io \"{name}\" not found");
            }
        }
    }

    private IReadOnlyList<V1PolicyRule>? ClusterRoleRules(string name, List<string> errors)
    {
        if (_aggregated.TryGetValue(name, out var aggregated))
        {
            return aggregated;
        }

        if (_clusterRoles.TryGetValue(name, out var role))
        {
            return [.. role.Rules ?? []];
        }

        errors.Add($"clusterrole.rbac.authorization.k8s.io \"{name}\" not found");
        return null;
    }

    /// <summary>
    /// The aggregated role's own rules plus the rules of every other ClusterRole its selectors match, without
    /// duplicates. Matched roles that aggregate in turn contribute their aggregated rules (upstream's controller
    /// reaches the same fixpoint over several rounds: admin ⊇ edit ⊇ view); a cycle contributes nothing more.
    /// </summary>
    public IReadOnlyList<V1PolicyRule> Aggregate(V1ClusterRole role) => Aggregate(role, []);

    private IReadOnlyList<V1PolicyRule> Aggregate(V1ClusterRole role, HashSet<string> visiting)
    {
        var name = role.Metadata.Name;
        if (_aggregated.TryGetValue(name, out var done))
        {
            return done;
        }

        if (!visiting.Add(name))
        {
            return [.. role.Rules ?? []];
        }

        var rules = new List<V1PolicyRule>(role.Rules ?? []);
        var seen = new HashSet<string>(rules.Select(RuleKey), StringComparer.Ordinal);
        foreach (var other in _clusterRoles.Values.OrderBy(r => r.Metadata.Name, StringComparer.Ordinal))
        {
            if (other.Metadata.Name == name
                || !(role.AggregationRule?.ClusterRoleSelectors ?? []).Any(s => LabelSelector.TryFromLabelSelector(s, out var selector) && selector.Matches(other.Metadata.Labels)))
            {
                continue;
            }

            var contributed = other.AggregationRule is null ? [.. other.Rules ?? []] : Aggregate(other, visiting);
            foreach (var rule in contributed)
            {
                if (seen.Add(RuleKey(rule)))
                {
                    rules.Add(rule);
                }
            }
        }

        visiting.Remove(name);
        _aggregated[name] = rules;
        return rules;
    }

    private static string RuleKey(V1PolicyRule r) => string.Join("|",
        string.Join(',', r.Verbs ?? []), string.Join(',', r.ApiGroups ?? []), string.Join(',', r.Resources ?? []),
        string.Join(',', r.ResourceNames ?? []), string.Join(',', r.NonResourceURLs ?? []));

    /// <summary>Upstream's appliesTo: User by name, Group by membership, ServiceAccount by its user name.</summary>
    private static bool AppliesTo(IList<Rbacv1Subject>? subjects, string user, IReadOnlyList<string> groups, string bindingNamespace)
    {
        foreach (var s in subjects ?? [])
        {
            var match = s.Kind switch
            {
                "User" => s.Name == user,
                "Group" => groups.Contains(s.Name),
                "ServiceAccount" => user == $"system:serviceaccount:{(string.IsNullOrEmpty(s.NamespaceProperty) ? bindingNamespace : s.NamespaceProperty)}:{s.Name}",
                _ => false,
            };
            if (match)
            {
                return true;
            }
        }

        return false;
    }
}
