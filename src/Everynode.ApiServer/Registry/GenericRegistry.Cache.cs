using System.Runtime.CompilerServices;
using Everynode.Api.Resources;
using Everynode.ApiServer.Http;
using Everynode.ApiServer.WatchCache;
using Everynode.Storage;

namespace Everynode.ApiServer.Registry;

/// <summary>
/// Lists and watches served from the watch cache. The semantics are the store path's (GenericRegistry.List.cs and
/// GenericRegistry.Watch.cs): a consistent read (resourceVersion unset) waits until the cache has seen the store's
/// current revision, "0" takes the cache as it is, N waits for N; when the cache cannot catch up in
/// <see cref="CacheFreshnessTimeout"/>, the store answers instead.
/// </summary>
internal sealed partial class GenericRegistry
{
    /// <summary>How long a read waits for the cache to catch up before it goes to the store.</summary>
    private static readonly TimeSpan CacheFreshnessTimeout = TimeSpan.FromSeconds(3);

    /// <summary>Most events a watcher copies out of the cache at once.</summary>
    private const int WatchBatch = 256;

    /// <summary>The first page of a list from the cache (later pages, Exact reads, and a cache that lags: null, the store).</summary>
    private async Task<ListPage?> TryListFromCacheAsync(ResourceInfo r, string? ns, ListRequest q, CancellationToken ct)
    {
        if (q.ResourceVersionMatch == "Exact" || await CacheCaughtUpAsync(r, q.ResourceVersion, ct) is not { } cache)
        {
            return null;
        }

        var snapshot = cache.Snapshot();
        var prefix = Prefix(r, ns);
        var items = new List<KeyValue>();
        var rendered = new List<byte[]>();
        long after = 0;
        foreach (var (key, o) in snapshot.Objects)
        {
            if (!key.StartsWith(prefix, StringComparison.Ordinal))
            {
                // Keys are sorted, so the prefix's keys are contiguous.
                if (items.Count > 0 || after > 0)
                {
                    break;
                }

                continue;
            }

            if (q.Limit > 0 && items.Count == q.Limit)
            {
                after++;
                continue;
            }

            if (o.Matches(r, q))
            {
                items.Add(o.ToKeyValue());
                rendered.Add(o.Json);
            }
        }

        // As the store path: a continue token whenever keys follow the last item; a remaining count without selectors.
        var more = after > 0;
        return new ListPage(
            items,
            snapshot.Revision,
            more ? ContinueToken.Encode(snapshot.Revision, items[^1].Key + "\0") : null,
            more && !q.HasFilter ? after : null)
        {
            Rendered = rendered,
        };
    }

    /// <summary>
    /// The resource's cache once it is current enough for <paramref name="resourceVersion"/> (unset: the store's
    /// current revision; "0": any; N: N); null when there is no cache or it did not catch up in time.
    /// </summary>
    private async Task<ResourceWatchCache?> CacheCaughtUpAsync(ResourceInfo r, string? resourceVersion, CancellationToken ct)
    {
        if (watchCache?.Find(r) is not { } cache)
        {
            return null;
        }

        var needed = string.IsNullOrEmpty(resourceVersion) ? await store.GetCurrentRevisionAsync(ct) : ParseResourceVersion(resourceVersion);
        return await watchCache.WaitForRevisionAsync(needed, CacheFreshnessTimeout, ct) ? cache : null;
    }

    /// <summary>The cache-fed watch: the same events, bookmarks and errors as <see cref="WatchFromStoreAsync"/>.</summary>
    private async IAsyncEnumerable<WatchOutput> WatchFromCacheAsync(
        ResourceWatchCache cache, ResourceInfo r, string? ns, ListRequest q, TimeSpan bookmarkInterval, [EnumeratorCancellation] CancellationToken ct)
    {
        var prefix = Prefix(r, ns);
        WatchCursor cursor;
        long from;
        if (IsInitialEventsWatch(q))
        {
            var snapshot = cache.Snapshot();
            from = snapshot.Revision;
            cursor = snapshot.Next;
            foreach (var (key, o) in snapshot.Objects)
            {
                if (key.StartsWith(prefix, StringComparison.Ordinal) && o.Matches(r, q))
                {
                    yield return new WatchOutput("ADDED", o.Json);
                }
            }

            if (q.SendInitialEvents && q.AllowWatchBookmarks)
            {
                yield return Bookmark(r, from, initialEventsEnd: true);
            }
        }
        else
        {
            from = ParseResourceVersion(q.ResourceVersion!);
            var compacted = store.CompactedRevision;
            long windowStart = 0;
            var start = from < compacted ? null : cache.Seek(from, out windowStart);
            if (start is not { } c)
            {
                yield return Error(ApiException.Gone($"too old resource version: {from} ({Math.Max(compacted, windowStart)})"));
                yield break;
            }

            cursor = c;
        }

        var last = from;
        var batch = new List<CachedEvent>(WatchBatch);
        while (true)
        {
            batch.Clear();
            if (!cache.Read(ref cursor, batch, WatchBatch, out var wake, out var revision))
            {
                // Cut off (too slow, or the cache re-listed): the client re-watches from the last resourceVersion it saw.
                yield break;
            }

            if (batch.Count == 0)
            {
                if (await WaitForCacheEventsAsync(wake, bookmarkInterval, ct) || !q.AllowWatchBookmarks)
                {
                    continue;
                }

                // Every event of this resource up to the cache's revision has been read, so the bookmark may say so.
                last = Math.Max(last, revision);
                yield return Bookmark(r, last, initialEventsEnd: false);
                continue;
            }

            foreach (var ev in batch)
            {
                if (ev.Revision <= from)
                {
                    continue;
                }

                last = ev.Revision;
                if (Translate(r, ev, q, prefix) is { } output)
                {
                    yield return output;
                }
            }
        }
    }

    /// <summary>True when an event arrived, false after <paramref name="idleAfter"/> of quiet.</summary>
    private static async Task<bool> WaitForCacheEventsAsync(Task wake, TimeSpan idleAfter, CancellationToken ct)
    {
        try
        {
            await wake.WaitAsync(idleAfter, ct);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private static WatchOutput? Translate(ResourceInfo r, CachedEvent ev, ListRequest q, string prefix)
    {
        var current = ev.Current;
        if (!current.Key.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        if (!q.HasFilter)
        {
            return new WatchOutput(TypeName(ev.Type), current.Json);
        }

        if (ev.Type == CachedEventType.Deleted)
        {
            return current.Matches(r, q) ? new WatchOutput("DELETED", current.Json) : null;
        }

        var now = current.Matches(r, q);
        var before = ev.Type == CachedEventType.Modified && ev.Previous is { } previous && previous.Matches(r, q);
        return (before, now) switch
        {
            (true, true) => new WatchOutput("MODIFIED", current.Json),
            (false, true) => new WatchOutput("ADDED", current.Json),
            (true, false) => new WatchOutput("DELETED", current.Json),
            _ => null,
        };
    }

    private static string TypeName(CachedEventType type) => type switch
    {
        CachedEventType.Added => "ADDED",
        CachedEventType.Modified => "MODIFIED",
        _ => "DELETED",
    };
}
