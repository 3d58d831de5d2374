using Everynode.Api.Resources;
using Everynode.ApiServer.Http;
using k8s.Models;
using Microsoft.AspNetCore.Http;

namespace Everynode.ApiServer.Endpoints;

/// <summary>
/// Legacy discovery: <c>/api</c>, <c>/apis</c>, <c>/apis/GROUP</c>, and the resource lists of every group-version,
/// built from the resource registry.
/// </summary>
internal sealed class DiscoveryEndpoint(ResourceRegistry resources)
{
    /// <summary>Answers a discovery path; returns false if the path is not one.</summary>
    public async Task<bool> TryHandleAsync(HttpContext ctx, string path, CancellationToken ct)
    {
        var parts = path.Trim('/').Split('/');
        object? body = parts switch
        {
            ["api"] => new V1APIVersions
            {
                Kind = "APIVersions",
                Versions = ["v1"],
                ServerAddressByClientCIDRs = [new V1ServerAddressByClientCIDR { ClientCIDR = "0.0.0.0/0", ServerAddress = $"{ctx.Request.Host.Host}:{ctx.Request.Host.Port ?? 443}" }],
            },
            ["api", "v1"] => ResourceList("", "v1"),
            ["apis"] => new V1APIGroupList
            {
                Kind = "APIGroupList",
                ApiVersion = "v1",
                Groups = Groups().Select(g => Group(g)).ToList(),
            },
            ["apis", var group] when Groups().Contains(group) => Group(group),
            ["apis", var group, var version] when resources.GroupVersions.Contains((group, version)) => ResourceList(group, version),
            _ => null,
        };
        if (body is null)
        {
            return false;
        }

        await Responses.WriteObjectAsync(ctx, 200, body, ct);
        return true;
    }

    private IEnumerable<string> Groups() => resources.GroupVersions.Select(gv => gv.Group).Where(g => g.Length > 0).Distinct();

    private V1APIGroup Group(string group)
    {
        var versions = resources.GroupVersions.Where(gv => gv.Group == group)
            .Select(gv => new V1GroupVersionForDiscovery { GroupVersion = $"{group}/{gv.Version}", Version = gv.Version }).ToList();
        return new V1APIGroup
        {
            Kind = "APIGroup",
            ApiVersion = "v1",
            Name = group,
            Versions = versions,
            PreferredVersion = versions[0],
        };
    }

    private V1APIResourceList ResourceList(string group, string version)
    {
        var list = new List<V1APIResource>();
        foreach (var r in resources.All.Where(r => r.Group == group && r.Version == version).OrderBy(r => r.Plural, StringComparer.Ordinal))
        {
            list.Add(new V1APIResource
            {
                Name = r.Plural,
                SingularName = r.Singular,
                Namespaced = r.Namespaced,
                Kind = r.Kind,
                Verbs = [.. r.Verbs],
                ShortNames = r.ShortNames.Count > 0 ? [.. r.ShortNames] : null,
                Categories = r.Categories.Count > 0 ? [.. r.Categories] : null,
            });
            foreach (var sub in r.Subresources)
            {
                list.Add(sub switch
                {
                    "binding" => new V1APIResource { Name = $"{r.Plural}/binding", SingularName = "", Namespaced = r.Namespaced, Kind = "Binding", Verbs = ["create"] },
                    _ => new V1APIResource { Name = $"{r.Plural}/{sub}", SingularName = "", Namespaced = r.Namespaced, Kind = r.Kind, Verbs = ["get", "patch", "update"] },
                });
            }
        }

        return new V1APIResourceList
        {
            Kind = "APIResourceList",
            ApiVersion = "v1",
            GroupVersion = group.Length == 0 ? version : $"{group}/{version}",
            Resources = list,
        };
    }
}
