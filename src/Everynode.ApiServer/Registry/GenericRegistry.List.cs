using System.Globalization;
using Everynode.Api.Resources;
using Everynode.ApiServer.Http;
using Everynode.Storage;

namespace Everynode.ApiServer.Registry;

internal sealed partial class GenericRegistry
{
    private const int FilteredPageSize = 500;

    /// <summary>The key prefix of a resource, narrowed to one namespace when given.</summary>
    public static string Prefix(ResourceInfo r, string? ns) =>
        r.Namespaced && !string.IsNullOrEmpty(ns) ? $"{r.StoragePrefix}{ns}/" : r.StoragePrefix;

    /// <summary>
    /// Lists with upstream's resourceVersion semantics: unset = newest; "0" = any (newest here); N with
    /// NotOlderThan = at least N (newest); N with Exact = exactly N; continue = the first page's revision.
    /// All but Exact and continue are served by the watch cache when it has caught up (see <see cref="TryListFromCacheAsync"/>).
    /// </summary>
    public async Task<ListPage> ListAsync(ResourceInfo r, string? ns, ListRequest q, CancellationToken ct)
    {
        var prefix = Prefix(r, ns);
        long revision = 0;
        string? start = null;
        if (!string.IsNullOrEmpty(q.Continue))
        {
            if (!string.IsNullOrEmpty(q.ResourceVersion) && q.ResourceVersion != "0")
            {
                throw ApiException.BadRequest("specifying resource version is not allowed when using continue");
            }

            (revision, start) = ContinueToken.Decode(q.Continue, prefix);
        }
        else
        {
            revision = await ResolveListRevisionAsync(q, ct);
            if (await TryListFromCacheAsync(r, ns, q, ct) is { } cached)
            {
                return cached;
            }
        }

        try
        {
            return q.HasFilter ? await ListFilteredAsync(r, prefix, revision, start, q, ct) : await ListAllAsync(prefix, revision, start, q.Limit, ct);
        }
        catch (RevisionCompactedException e) when (!string.IsNullOrEmpty(q.Continue))
        {
            throw ApiException.Gone(
                "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, " +
                $"or use the continue token in this response to retrieve the remainder of the results. (too old resource version: {e.RequestedRevision} ({e.CompactedRevision}))");
        }
        catch (RevisionCompactedException e)
        {
            throw ApiException.Gone($"too old resource version: {e.RequestedRevision} ({e.CompactedRevision})");
        }
        catch (FutureRevisionException e)
        {
            throw ApiException.TooLargeResourceVersion(e.RequestedRevision, e.CurrentRevision);
        }
    }

    private async Task<long> ResolveListRevisionAsync(ListRequest q, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(q.ResourceVersion))
        {
            if (q.ResourceVersionMatch is { Length: > 0 })
            {
                throw ApiException.BadRequest("resourceVersionMatch is forbidden unless resourceVersion is provided");
            }

            return 0;
        }

        var requested = ParseResourceVersion(q.ResourceVersion);
        switch (q.ResourceVersionMatch)
        {
            case "Exact":
                if (requested == 0)
                {
                    throw ApiException.BadRequest("resourceVersionMatch \"Exact\" is forbidden for resourceVersion \"0\"");
                }

                return requested;
            case null or "" or "NotOlderThan":
                if (requested > 0)
                {
                    var current = await store.GetCurrentRevisionAsync(ct);
                    if (requested > current)
                    {
                        throw ApiException.TooLargeResourceVersion(requested, current);
                    }
                }

                return 0;
            default:
                throw ApiException.BadRequest($"resourceVersionMatch: Unsupported value: \"{q.ResourceVersionMatch}\": supported values: \"Exact\", \"NotOlderThan\", \"\"");
        }
    }

    public static long ParseResourceVersion(string value)
    {
        if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var rv) || rv < 0)
        {
            throw ApiException.BadRequest($"resourceVersion: Invalid value: \"{value}\": must be a non-negative integer");
        }

        return rv;
    }

    private async Task<ListPage> ListAllAsync(string prefix, long revision, string? start, int limit, CancellationToken ct)
    {
        var result = await store.ListAsync(prefix, new ListOptions(revision, start, limit), ct);
        if (!result.More || result.Items.Count == 0)
        {
            return new ListPage(result.Items, result.Revision, null, null);
        }

        var next = result.Items[^1].Key + "\0";
        return new ListPage(result.Items, result.Revision, ContinueToken.Encode(result.Revision, next), result.RemainingCount);
    }

    private async Task<ListPage> ListFilteredAsync(ResourceInfo r, string prefix, long revision, string? start, ListRequest q, CancellationToken ct)
    {
        var matched = new List<KeyValue>();
        var pageSize = q.Limit > 0 ? Math.Max(q.Limit, FilteredPageSize) : 0;
        while (true)
        {
            var page = await store.ListAsync(prefix, new ListOptions(revision, start, pageSize), ct);
            revision = page.Revision;
            for (var i = 0; i < page.Items.Count; i++)
            {
                var kv = page.Items[i];
                if (!Matches(r, kv, q))
                {
                    continue;
                }

                matched.Add(kv);
                if (q.Limit > 0 && matched.Count == q.Limit)
                {
                    var more = i < page.Items.Count - 1 || page.More;
                    return new ListPage(matched, revision, more ? ContinueToken.Encode(revision, kv.Key + "\0") : null, null);
                }
            }

            if (!page.More || page.Items.Count == 0)
            {
                return new ListPage(matched, revision, null, null);
            }

            start = page.Items[^1].Key + "\0";
        }
    }

    /// <summary>Whether a stored object passes the request's label and field selectors.</summary>
    public static bool Matches(ResourceInfo r, KeyValue kv, ListRequest q)
    {
        if (!q.HasFilter)
        {
            return true;
        }

        var obj = Decode(r, kv);
        return q.LabelSelector.Matches(obj.Metadata.Labels) && q.FieldSelector.Matches(r.Strategy.GetSelectableFields(obj));
    }
}
