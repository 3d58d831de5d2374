using k8s.Models;

namespace Everynode.Api.Authorization;

/// <summary>
/// Whether one set of RBAC rules grants everything another grants (upstream's validation.Covers): each rule of the
/// granted set is broken down into single-verb, single-group, single-resource (and single-name or single-URL) rules,
/// and every piece must be allowed by some rule the granting user holds. Used to refuse RBAC privilege escalation.
/// </summary>
public static class RuleCoverage
{
    /// <summary>The pieces of <paramref name="granted"/> that no rule of <paramref name="held"/> covers.</summary>
    public static IReadOnlyList<V1PolicyRule> Uncovered(IReadOnlyList<V1PolicyRule> held, IEnumerable<V1PolicyRule> granted) =>
        [.. granted.SelectMany(Breakdown).Where(piece => !held.Any(rule => Covers(rule, piece)))];

    /// <summary>Upstream's compact rendering of a rule in escalation errors: <c>{APIGroups:[""], Resources:["pods"], Verbs:["get"]}</c>.</summary>
    public static string Compact(V1PolicyRule rule)
    {
        var parts = new List<string>();
        void Add(string name, IList<string>? values)
        {
            if (values is { Count: > 0 })
            {
                parts.Add($"{name}:[{string.Join(", ", values.Select(v => $"\"{v}\""))}]");
            }
        }

        if (rule.NonResourceURLs is { Count: > 0 })
        {
            Add("NonResourceURLs", rule.NonResourceURLs);
        }
        else
        {
            parts.Add($"APIGroups:[{string.Join(", ", (rule.ApiGroups ?? []).Select(v => $"\"{v}\""))}]");
            Add("Resources", rule.Resources);
            Add("ResourceNames", rule.ResourceNames);
        }

        Add("Verbs", rule.Verbs);
        return "{" + string.Join(", ", parts) + "}";
    }

    private static IEnumerable<V1PolicyRule> Breakdown(V1PolicyRule rule)
    {
        foreach (var verb in rule.Verbs ?? [])
        {
            foreach (var url in rule.NonResourceURLs ?? [])
            {
                yield return new V1PolicyRule { Verbs = [verb], NonResourceURLs = [url] };
            }

            foreach (var group in rule.ApiGroups ?? [])
            {
                foreach (var resource in rule.Resources ?? [])
                {
                    if (rule.ResourceNames is { Count: > 0 } names)
                    {
                        foreach (var name in names)
                        {
                            yield return new V1PolicyRule { Verbs = [verb], ApiGroups = [group], Resources = [resource], ResourceNames = [name] };
                        }
                    }
                    else
                    {
                        yield return new V1PolicyRule { Verbs = [verb], ApiGroups = [group], Resources = [resource] };
                    }
                }
            }
        }
    }

    /// <summary>Whether a held rule covers one broken-down piece ('*' in the held rule covers anything there).</summary>
    private static bool Covers(V1PolicyRule held, V1PolicyRule piece)
    {
        if (!HasOrAll(held.Verbs, piece.Verbs![0]))
        {
            return false;
        }

        if (piece.NonResourceURLs is { Count: > 0 } urls)
        {
            var url = urls[0];
            return (held.NonResourceURLs ?? []).Any(u => u == PolicyRules.All || u == url
                || (u.EndsWith('*') && url.StartsWith(u[..^1], StringComparison.Ordinal)));
        }

        var resource = piece.Resources![0];
        return HasOrAll(held.ApiGroups, piece.ApiGroups![0])
            && (held.Resources ?? []).Any(r => r == PolicyRules.All || r == resource || SubresourceWildcard(r, resource))
            && (held.ResourceNames is not { Count: > 0 } || (piece.ResourceNames is { Count: > 0 } names && held.ResourceNames.Contains(names[0])));
    }

    private static bool HasOrAll(IList<string>? values, string value) => values is not null && values.Any(v => v == PolicyRules.All || v == value);

    /// <summary>"pods/*" covers "pods/log"; "*/scale" covers "deployments/scale".</summary>
    private static bool SubresourceWildcard(string held, string wanted)
    {
        var slash = wanted.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return false;
        }

        return held == wanted[..slash] + "/*" || held == "*" + wanted[slash..];
    }
}
