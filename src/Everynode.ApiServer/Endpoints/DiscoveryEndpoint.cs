using Everynode.Api.Resources;
using Everynode.ApiServer.Discovery;
using Everynode.ApiServer.Http;
using Everynode.ApiServer.Serialization;
using k8s.Models;
using Microsoft.AspNetCore.Http;

namespace Everynode.ApiServer.Endpoints;

/// <summary>
/// Discovery built from the resource registry: aggregated (<see cref="AggregatedDiscovery"/>) on <c>/api</c> and
/// <c>/apis</c> when the Accept header asks for it, otherwise legacy: <c>/api</c>, <c>/apis</c>, <c>/apis/GROUP</c>,
/// and the resource lists of every group-version (which kubectl drain reads even with aggregated discovery).
/// </summary>
internal sealed class DiscoveryEndpoint(ResourceRegistry resources)
{
    private readonly AggregatedDiscovery _aggregated = new(resources);

    /// <summary>Answers a discovery path; returns false if the path is not one.</summary>
    public async Task<bool> TryHandleAsync(HttpContext ctx, string path, CancellationToken ct)
    {
        var parts = path.Trim('/').Split('/');
        if (parts is ["api"] or ["apis"] && AggregatedDiscovery.NegotiatedVersion(ctx.Request.Headers.Accept) is { } discoveryVersion)
        {
            var bytes = ObjectCodec.Serialize(_aggregated.Build(core: parts[0] == "api", discoveryVersion));
            ctx.Response.StatusCode = 200;
            ctx.Response.ContentType = AggregatedDiscovery.ContentType(discoveryVersion);
            ctx.Response.Headers.CacheControl = "no-cache, private";
            ctx.Response.Headers.Vary = "Accept";
            ctx.Response.ContentLength = bytes.Length;
            await ctx.Response.Body.WriteAsync(bytes, ct);
            return true;
        }

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
            foreach (var sub in r.Subresources.Select(s => SubresourceDescriptor.For(r, s)))
            {
                var crossGroup = sub.CrossGroup(r);
                list.Add(new V1APIResource
                {
                    Name = $"{r.Plural}/{sub.Name}",
                    SingularName = r.Singular,
                    Namespaced = r.Namespaced,
                    Kind = sub.Kind,
                    Group = crossGroup ? sub.Group : null,
                    Version = crossGroup ? sub.Version : null,
                    Verbs = [.. sub.Verbs],
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
