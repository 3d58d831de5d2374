using k8s.Models;

namespace Everynode.Api.Authorization;

/// <summary>Whether one RBAC PolicyRule covers a request (upstream's rbac.RuleAllows and its matchers).</summary>
public static class PolicyRules
{
    public const string All = "*";

    public static bool Allows(V1PolicyRule rule, RequestAttributes a)
    {
        if (!Contains(rule.Verbs, a.Verb))
        {
            return false;
        }

        if (!a.IsResourceRequest)
        {
            return NonResourceUrlMatches(rule.NonResourceURLs, a.Path);
        }

        return Contains(rule.ApiGroups, a.ApiGroup)
            && ResourceMatches(rule.Resources, a.CombinedResource, a.Subresource)
            && ResourceNameMatches(rule.ResourceNames, a.Name);
    }

    private static bool Contains(IList<string>? values, string value) =>
        values is not null && values.Any(v => v == All || v == value);

    /// <summary>"*" is every resource; "*/scale" is the scale subresource of every resource.</summary>
    private static bool ResourceMatches(IList<string>? resources, string combined, string subresource)
    {
        foreach (var r in resources ?? [])
        {
            if (r == All || r == combined)
            {
                return true;
            }

            if (subresource.Length > 0 && r.Length == subresource.Length + 2 && r.StartsWith("*/", StringComparison.Ordinal)
                && r.EndsWith(subresource, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>No resourceNames means every name; with resourceNames a request without a name (list, create) never matches.</summary>
    private static bool ResourceNameMatches(IList<string>? names, string name) =>
        names is not { Count: > 0 } || (name.Length > 0 && names.Contains(name));

    /// <summary>"*" is every path; a trailing "*" is a prefix match.</summary>
    private static bool NonResourceUrlMatches(IList<string>? urls, string path)
    {
        foreach (var u in urls ?? [])
        {
            if (u == All || u == path || (u.EndsWith('*') && path.StartsWith(u[..^1], StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }
}
