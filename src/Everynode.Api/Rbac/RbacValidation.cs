using Everynode.Api.Validation;
using k8s.Models;

namespace Everynode.Api.Rbac;

/// <summary>Upstream's pkg/apis/rbac/validation: names, policy rules, role references and subjects.</summary>
public static class RbacValidation
{
    public const string Group = "rbac.authorization.k8s.io";

    /// <summary>RBAC objects may have any name that is a valid path segment (upstream's ValidateRBACName).</summary>
    public static IReadOnlyList<string> Name(string name, bool prefix)
    {
        if (!prefix && name is "." or "..")
        {
            return [$"may not be '{name}'"];
        }

        foreach (var illegal in (string[])["/", "%"])
        {
            if (name.Contains(illegal, StringComparison.Ordinal))
            {
                return [$"may not contain '{illegal}'"];
            }
        }

        return [];
    }

    public static IEnumerable<FieldError> Rules(IList<V1PolicyRule>? rules, bool namespaced)
    {
        var i = 0;
        foreach (var rule in rules ?? [])
        {
            var path = $"rules[{i++}]";
            if (rule.Verbs is not { Count: > 0 })
            {
                yield return FieldError.Required($"{path}.verbs", "verbs must contain at least one value");
            }

            var urls = rule.NonResourceURLs ?? [];
            if (urls.Count > 0)
            {
                if (namespaced)
                {
                    yield return FieldError.Invalid($"{path}.nonResourceURLs", urls, "namespaced rules cannot apply to non-resource URLs");
                }

                if ((rule.ApiGroups ?? []).Count > 0 || (rule.Resources ?? []).Count > 0)
                {
                    yield return FieldError.Invalid($"{path}.nonResourceURLs", urls, "rules cannot apply to both regular resources and non-resource URLs");
                }

                continue;
            }

            if ((rule.ApiGroups ?? []).Count == 0)
            {
                yield return FieldError.Required($"{path}.apiGroups", "resource rules must supply at least one api group");
            }

            if ((rule.Resources ?? []).Count == 0)
            {
                yield return FieldError.Required($"{path}.resources", "resource rules must supply at least one resource");
            }
        }
    }

    /// <summary>A binding's roleRef: a Role or ClusterRole of this group (a ClusterRoleBinding only a ClusterRole).</summary>
    public static IEnumerable<FieldError> RoleRef(V1RoleRef? roleRef, bool clusterBinding)
    {
        if (roleRef is null)
        {
            yield return FieldError.Required("roleRef.name");
            yield break;
        }

        if (roleRef.ApiGroup != Group)
        {
            yield return FieldError.NotSupported("roleRef.apiGroup", roleRef.ApiGroup ?? "", [Group]);
        }

        string[] kinds = clusterBinding ? ["ClusterRole"] : ["Role", "ClusterRole"];
        if (!kinds.Contains(roleRef.Kind))
        {
            yield return FieldError.NotSupported("roleRef.kind", roleRef.Kind ?? "", kinds);
        }

        if (string.IsNullOrEmpty(roleRef.Name))
        {
            yield return FieldError.Required("roleRef.name");
        }
        else
        {
            foreach (var message in Name(roleRef.Name, false))
            {
                yield return FieldError.Invalid("roleRef.name", roleRef.Name, message);
            }
        }
    }

    public static IEnumerable<FieldError> Subjects(IList<Rbacv1Subject>? subjects, bool clusterBinding)
    {
        var i = 0;
        foreach (var s in subjects ?? [])
        {
            var path = $"subjects[{i++}]";
            if (string.IsNullOrEmpty(s.Name))
            {
                yield return FieldError.Required($"{path}.name");
            }

            switch (s.Kind)
            {
                case "ServiceAccount":
                    if (!string.IsNullOrEmpty(s.Name))
                    {
                        foreach (var message in NameValidators.DnsSubdomain(s.Name, false))
                        {
                            yield return FieldError.Invalid($"{path}.name", s.Name, message);
                        }
                    }

                    if (!string.IsNullOrEmpty(s.ApiGroup))
                    {
                        yield return FieldError.NotSupported($"{path}.apiGroup", s.ApiGroup, [""]);
                    }

                    if (clusterBinding && string.IsNullOrEmpty(s.NamespaceProperty))
                    {
                        yield return FieldError.Required($"{path}.namespace");
                    }

                    break;
                case "User" or "Group":
                    if (s.ApiGroup != Group)
                    {
                        yield return FieldError.NotSupported($"{path}.apiGroup", s.ApiGroup ?? "", [Group]);
                    }

                    break;
                default:
                    yield return FieldError.NotSupported($"{path}.kind", s.Kind ?? "", ["ServiceAccount", "User", "Group"]);
                    break;
            }
        }
    }

    public static IEnumerable<FieldError> RoleRefUnchanged(V1RoleRef? now, V1RoleRef? old)
    {
        if (now?.ApiGroup != old?.ApiGroup || now?.Kind != old?.Kind || now?.Name != old?.Name)
        {
            yield return FieldError.Invalid("roleRef", now is null ? null : $"{{APIGroup:{now.ApiGroup} Kind:{now.Kind} Name:{now.Name}}}", "cannot change roleRef");
        }
    }

    public static IEnumerable<FieldError> AggregationRule(V1AggregationRule? rule)
    {
        if (rule is null)
        {
            yield break;
        }

        if (rule.ClusterRoleSelectors is not { Count: > 0 })
        {
            yield return FieldError.Required("aggregationRule.clusterRoleSelectors", "at least one clusterRoleSelector required if aggregationRule is non-nil");
            yield break;
        }

        for (var i = 0; i < rule.ClusterRoleSelectors.Count; i++)
        {
            foreach (var e in LabelSelectorValidation.Validate(rule.ClusterRoleSelectors[i], FieldPath.Root("aggregationRule").Child("clusterRoleSelectors").Index(i)))
            {
                yield return e;
            }
        }
    }
}
