using Everynode.Api.Resources;
using k8s.Models;
using Microsoft.Extensions.Primitives;

namespace Everynode.ApiServer.Discovery;

/// <summary>
/// Aggregated discovery (apidiscovery.k8s.io/v2 and v2beta1): the whole resource map in the answers to <c>/api</c>
/// and <c>/apis</c>. Clients pick the format from the response Content-Type, so it must name the group, version and
/// kind exactly; a resource or subresource without a responseKind is dropped by client-go.
/// </summary>
internal sealed class AggregatedDiscovery(ResourceRegistry resources)
{
    public const string Group = "apidiscovery.k8s.io";

    /// <summary>
    /// The discovery version the Accept header asks for ("v2" or "v2beta1"), or null when the client wants the legacy
    /// APIVersions / APIGroupList. Ranges are taken in the client's order, as client-go lists its preference first.
    /// </summary>
    public static string? NegotiatedVersion(StringValues accept)
    {
        foreach (var header in accept)
        {
            foreach (var range in (header ?? "").Split(','))
            {
                var parts = range.Split(';', StringSplitOptions.TrimEntries);
                if (parts[0] is not ("application/json" or "*/*" or "application/*"))
                {
                    continue;
                }

                string? g = null, v = null, @as = null;
                foreach (var p in parts.Skip(1))
                {
                    var eq = p.IndexOf('=', StringComparison.Ordinal);
                    if (eq < 0)
                    {
                        continue;
                    }

                    var value = p[(eq + 1)..].Trim('"');
                    switch (p[..eq])
                    {
                        case "g": g = value; break;
                        case "v": v = value; break;
                        case "as": @as = value; break;
                    }
                }

                if (@as is null && g is null && v is null)
                {
                    return null;
                }

                if (g == Group && @as == "APIGroupDiscoveryList" && v is "v2" or "v2beta1")
                {
                    return v;
                }
            }
        }

        return null;
    }

    public static string ContentType(string version) => $"application/json;g={Group};v={version};as=APIGroupDiscoveryList";

    /// <summary>The answer to <c>/api</c> (core = true: one item named "") or <c>/apis</c> (every named group).</summary>
    public V2APIGroupDiscoveryList Build(bool core, string version)
    {
        var groups = resources.GroupVersions.Select(gv => gv.Group).Distinct().Where(g => core == (g.Length == 0));
        return new V2APIGroupDiscoveryList
        {
            ApiVersion = $"{Group}/{version}",
            Kind = "APIGroupDiscoveryList",
            Metadata = new V1ListMeta(),
            Items = groups.Select(BuildGroup).ToList(),
        };
    }

    private V2APIGroupDiscovery BuildGroup(string group) => new()
    {
        Metadata = new V1ObjectMeta { Name = group },
        Versions = resources.GroupVersions.Where(gv => gv.Group == group).Select(gv => new V2APIVersionDiscovery
        {
            Version = gv.Version,
            Freshness = "Current",
            Resources = resources.All.Where(r => r.Group == group && r.Version == gv.Version)
                .OrderBy(r => r.Plural, StringComparer.Ordinal).Select(BuildResource).ToList(),
        }).ToList(),
    };

    private static V2APIResourceDiscovery BuildResource(ResourceInfo r) => new()
    {
        Resource = r.Plural,
        ResponseKind = new V1GroupVersionKind { Group = r.Group, Version = r.Version, Kind = r.Kind },
        Scope = r.Namespaced ? "Namespaced" : "Cluster",
        SingularResource = r.Singular,
        Verbs = [.. r.Verbs],
        ShortNames = r.ShortNames.Count > 0 ? [.. r.ShortNames] : null,
        Categories = r.Categories.Count > 0 ? [.. r.Categories] : null,
        Subresources = r.Subresources.Count == 0 ? null : r.Subresources.Select(s => SubresourceDescriptor.For(r, s)).Select(d => new V2APISubresourceDiscovery
        {
            Subresource = d.Name,
            ResponseKind = new V1GroupVersionKind { Group = d.Group, Version = d.Version, Kind = d.Kind },
            Verbs = [.. d.Verbs],
        }).ToList(),
    };
}
