using Everynode.Api.Resources;
using Everynode.Api.Selectors;
using Everynode.ApiServer.Http;
using Everynode.ApiServer.Registry;
using Microsoft.AspNetCore.Http;

namespace Everynode.ApiServer.Endpoints;

/// <summary>
/// The REST verbs on resources: maps a parsed request path and method to the generic registry and writes the
/// answer in the Kubernetes wire format.
/// </summary>
internal sealed partial class ResourceEndpoint(GenericRegistry registry, ApiServerOptions options, PodLogs podLogs)
{
    public async Task HandleAsync(HttpContext ctx, RequestInfo info, CancellationToken ct)
    {
        var r = registry.Resources.Find(info.Group, info.Version, info.Resource) ?? throw ApiException.NotFoundPath();
        var ns = r.Namespaced ? info.Namespace : null;
        if (!r.Namespaced && info.Namespace is not null && r.Plural != "namespaces")
        {
            throw ApiException.NotFoundPath();
        }

        if (info.Subresource is not null && !r.Subresources.Contains(info.Subresource))
        {
            throw ApiException.NotFoundPath();
        }

        var method = ctx.Request.Method;
        if (info.Name is null)
        {
            if (info.Subresource is not null)
            {
                throw ApiException.NotFoundPath();
            }

            switch (method)
            {
                case "GET":
                    if (info.WatchPrefix || IsTrue(ctx.Request.Query["watch"]))
                    {
                        await WatchAsync(ctx, r, ns, null, ct);
                    }
                    else
                    {
                        await ListAsync(ctx, r, ns, ct);
                    }

                    return;
                case "POST":
                    if (r.Namespaced && ns is null)
                    {
                        throw ApiException.NotFoundPath();
                    }

                    await CreateAsync(ctx, r, ns, ct);
                    return;
                case "DELETE":
                    await DeleteCollectionAsync(ctx, r, ns, ct);
                    return;
                default:
                    throw ApiException.MethodNotAllowed();
            }
        }

        if (r.Namespaced && ns is null)
        {
            throw ApiException.NotFoundPath();
        }

        var name = info.Name;
        switch (info.Subresource, method)
        {
            case (null, "GET"):
                if (info.WatchPrefix || IsTrue(ctx.Request.Query["watch"]))
                {
                    await WatchAsync(ctx, r, ns, name, ct);
                }
                else
                {
                    await GetAsync(ctx, r, ns, name, ct);
                }

                return;
            case ("status", "GET"):
                await GetAsync(ctx, r, ns, name, ct);
                return;
            case (null or "status", "PUT"):
                await UpdateAsync(ctx, r, ns, name, KindOf(info), ct);
                return;
            case (null or "status", "PATCH"):
                await PatchAsync(ctx, r, ns, name, KindOf(info), ct);
                return;
            case (null, "DELETE"):
                await DeleteAsync(ctx, r, ns, name, ct);
                return;
            case ("log", "GET"):
                await podLogs.HandleAsync(ctx, registry, r, ns!, name, ct);
                return;
            case ("eviction", "POST"):
                await PodEviction.HandleAsync(ctx, registry, r, ns!, name, IsDryRun(ctx), ct);
                return;
            case ("scale", "GET" or "PUT" or "PATCH"):
                await ScaleEndpoint.HandleAsync(ctx, registry, r, ns!, name, IsDryRun(ctx), ct);
                return;
            case ("binding", "POST"):
                await BindAsync(ctx, r, ns!, name, ct);
                return;
            default:
                throw ApiException.MethodNotAllowed();
        }
    }

    private static UpdateKind KindOf(RequestInfo info) => info.Subresource == "status" ? UpdateKind.Status : UpdateKind.Main;

    private static bool IsTrue(Microsoft.Extensions.Primitives.StringValues v) =>
        v.Count > 0 && (v[0] is "true" or "1" or "True");

    private static bool IsDryRun(HttpContext ctx)
    {
        var values = ctx.Request.Query["dryRun"];
        foreach (var v in values)
        {
            if (v != "All")
            {
                throw ApiException.BadRequest($"dryRun: Unsupported value: \"{v}\": supported values: \"All\"");
            }
        }

        return values.Count > 0;
    }

    /// <summary>Reads selectors, paging and resourceVersion parameters; a malformed one is a 400.</summary>
    private static ListRequest ParseListRequest(HttpContext ctx, ResourceInfo r, string? name)
    {
        var q = ctx.Request.Query;
        LabelSelector labels;
        FieldSelector fields;
        try
        {
            labels = LabelSelector.Parse(q["labelSelector"].ToString());
            var fieldText = q["fieldSelector"].ToString();
            if (name is not null)
            {
                fieldText = fieldText.Length == 0 ? $"metadata.name={name}" : $"{fieldText},metadata.name={name}";
            }

            fields = FieldSelector.Parse(fieldText);
        }
        catch (SelectorParseException e)
        {
            throw ApiException.BadRequest(e.Message);
        }

        foreach (var f in fields.Fields)
        {
            if (!SupportedFields(r).Contains(f))
            {
                throw ApiException.BadRequest($"field label not supported: {f}");
            }
        }

        var limit = 0;
        if (q["limit"].ToString() is { Length: > 0 } l && (!int.TryParse(l, out limit) || limit < 0))
        {
            throw ApiException.BadRequest($"limit: Invalid value: \"{l}\": must be a non-negative integer");
        }

        return new ListRequest
        {
            LabelSelector = labels,
            FieldSelector = fields,
            Limit = limit,
            Continue = q["continue"].ToString() is { Length: > 0 } c ? c : null,
            ResourceVersion = q["resourceVersion"].ToString() is { Length: > 0 } rv ? rv : null,
            ResourceVersionMatch = q["resourceVersionMatch"].ToString(),
            AllowWatchBookmarks = IsTrue(q["allowWatchBookmarks"]),
            SendInitialEvents = IsTrue(q["sendInitialEvents"]),
        };
    }

    private static readonly Dictionary<Type, HashSet<string>> SupportedFieldCache = [];

    /// <summary>The field names a resource's strategy exposes for field selectors.</summary>
    private static HashSet<string> SupportedFields(ResourceInfo r)
    {
        lock (SupportedFieldCache)
        {
            if (!SupportedFieldCache.TryGetValue(r.ObjectType, out var set))
            {
                var sample = (k8s.IKubernetesObject<k8s.Models.V1ObjectMeta>)Activator.CreateInstance(r.ObjectType)!;
                sample.Metadata = new k8s.Models.V1ObjectMeta();
                set = [.. r.Strategy.GetSelectableFields(sample).Keys];
                SupportedFieldCache[r.ObjectType] = set;
            }

            return set;
        }
    }

    private TimeSpan BookmarkInterval => options.WatchBookmarkInterval;
}
