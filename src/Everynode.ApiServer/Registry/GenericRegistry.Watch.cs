using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Everynode.Api.Resources;
using Everynode.ApiServer.Http;
using Everynode.ApiServer.Serialization;
using Everynode.Storage;

namespace Everynode.ApiServer.Registry;

internal sealed partial class GenericRegistry
{
    /// <summary>
    /// Streams watch events with upstream's semantics. resourceVersion unset or "0": ADDED for every current object,
    /// then changes; N: changes after N, or one ERROR event (410 Expired) if N was compacted. With selectors,
    /// an object that starts matching arrives as ADDED and one that stops matching as DELETED.
    /// Bookmarks (if allowed) are sent after <paramref name="bookmarkInterval"/> of quiet. Served by the watch cache when
    /// there is one (a watch with initial events waits until the cache has caught up, as a consistent list does).
    /// </summary>
    public async IAsyncEnumerable<WatchOutput> WatchAsync(
        ResourceInfo r, string? ns, ListRequest q, TimeSpan bookmarkInterval, [EnumeratorCancellation] CancellationToken ct)
    {
        var cache = IsInitialEventsWatch(q)
            ? await CacheCaughtUpAsync(r, q.ResourceVersion == "0" ? "0" : null, ct)
            : watchCache?.Find(r);
        var events = cache is not null
            ? WatchFromCacheAsync(cache, r, ns, q, bookmarkInterval, ct)
            : WatchFromStoreAsync(r, ns, q, bookmarkInterval, ct);
        await foreach (var output in events.WithCancellation(ct))
        {
            yield return output;
        }
    }

    /// <summary>resourceVersion unset or "0", or sendInitialEvents: ADDED for every current object first.</summary>
    private static bool IsInitialEventsWatch(ListRequest q) =>
        string.IsNullOrEmpty(q.ResourceVersion) || q.ResourceVersion == "0" || q.SendInitialEvents;

    private async IAsyncEnumerable<WatchOutput> WatchFromStoreAsync(
        ResourceInfo r, string? ns, ListRequest q, TimeSpan bookmarkInterval, [EnumeratorCancellation] CancellationToken ct)
    {
        var prefix = Prefix(r, ns);
        long from;
        if (IsInitialEventsWatch(q))
        {
            var snapshot = await store.ListAsync(prefix, new ListOptions(), ct);
            from = snapshot.Revision;
            foreach (var kv in snapshot.Items)
            {
                if (Matches(r, kv, q))
                {
                    yield return new WatchOutput("ADDED", Render(kv));
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
        }

        IStoreWatch watch;
        WatchOutput? failure = null;
        try
        {
            watch = store.Watch(prefix, from);
        }
        catch (RevisionCompactedException e)
        {
            watch = null!;
            failure = Error(ApiException.Gone($"too old resource version: {e.RequestedRevision} ({e.CompactedRevision})"));
        }

        if (failure is { } f)
        {
            yield return f;
            yield break;
        }

        using (watch)
        {
            var last = from;
            var reader = watch.Events;
            while (true)
            {
                var wait = await WaitForEventsAsync(reader, bookmarkInterval, ct);
                if (wait == WaitResult.Idle)
                {
                    if (q.AllowWatchBookmarks)
                    {
                        yield return Bookmark(r, last, initialEventsEnd: false);
                    }

                    continue;
                }

                if (wait == WaitResult.Ended)
                {
                    yield break;
                }

                while (reader.TryRead(out var ev))
                {
                    last = ev.Revision;
                    if (Translate(r, ev, q) is { } output)
                    {
                        yield return output;
                    }
                }
            }
        }
    }

    private enum WaitResult
    {
        Ready,
        Idle,
        Ended,
    }

    private static async Task<WaitResult> WaitForEventsAsync(
        System.Threading.Channels.ChannelReader<WatchEvent> reader, TimeSpan idleAfter, CancellationToken ct)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(ct);
        idle.CancelAfter(idleAfter);
        try
        {
            return await reader.WaitToReadAsync(idle.Token) ? WaitResult.Ready : WaitResult.Ended;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return WaitResult.Idle;
        }
        catch (StoreException)
        {
            // Too slow, or (etcd) history compacted or the watch cancelled under it: the client re-watches from the last
            // resourceVersion it saw, and gets 410 Gone if that is compacted.
            return WaitResult.Ended;
        }
    }

    private static WatchOutput? Translate(ResourceInfo r, WatchEvent ev, ListRequest q)
    {
        if (!q.HasFilter)
        {
            var type = ev.Type == WatchEventType.Delete ? "DELETED" : ev.IsCreate ? "ADDED" : "MODIFIED";
            return new WatchOutput(type, Render(ev.Current));
        }

        if (ev.Type == WatchEventType.Delete)
        {
            return Matches(r, ev.Current, q) ? new WatchOutput("DELETED", Render(ev.Current)) : null;
        }

        var now = Matches(r, ev.Current, q);
        var before = !ev.IsCreate && ev.Previous is not null && Matches(r, ev.Previous, q);
        return (before, now) switch
        {
            (true, true) => new WatchOutput("MODIFIED", Render(ev.Current)),
            (false, true) => new WatchOutput("ADDED", Render(ev.Current)),
            (true, false) => new WatchOutput("DELETED", Render(ev.Current)),
            _ => null,
        };
    }

    private static WatchOutput Bookmark(ResourceInfo r, long revision, bool initialEventsEnd)
    {
        var annotations = initialEventsEnd ? ",\"annotations\":{\"k8s.io/initial-events-end\":\"true\"}" : "";
        var json = string.Create(CultureInfo.InvariantCulture,
            $"{{\"kind\":\"{r.Kind}\",\"apiVersion\":\"{r.ApiVersion}\",\"metadata\":{{\"resourceVersion\":\"{revision}\",\"creationTimestamp\":null{annotations}}}}}");
        return new WatchOutput("BOOKMARK", Encoding.UTF8.GetBytes(json));
    }

    public static WatchOutput Error(ApiException e) => new("ERROR", StatusJson.Serialize(e.ToStatus()));
}
