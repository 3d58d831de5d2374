using Everynode.Api.Resources;
using Everynode.Storage;
using Microsoft.Extensions.Logging;

namespace Everynode.ApiServer.WatchCache;

/// <summary>
/// The API server's watch caches, one per resource, fed by one store watch over the whole registry prefix.
/// </summary>
/// <remarks>
/// One watch for all resources (rather than one per resource prefix) gives every cache a progress signal, as etcd's
/// progress notifications give upstream's cacher: the feed sees every revision of the store, so "this cache is current
/// as of revision R" holds for all caches at once, and a consistent read (resourceVersion unset) can be served from
/// memory by waiting until the feed has reached the store's current revision. Invariants:
/// <list type="bullet">
/// <item><see cref="Revision"/> only grows; when it is R, every event with a revision up to R is applied to its cache
/// and none above R is. Both change together under <c>_gate</c>.</item>
/// <item>If the store watch fails (too slow, compacted), every cache is re-listed at one revision and every watcher
/// is cut off; clients re-watch and, if their revision is older than the new window, get 410 and re-list.</item>
/// <item>The set is the one reader of the store for the server's own components: each keeps its state as an
/// <see cref="IWatchCacheObserver"/> of the resources it needs. If the feed stops for any other reason, that state
/// could no longer follow the store (a revoked role would stay granted), so the set reports the failure and the
/// server stops.</item>
/// </list>
/// </remarks>
internal sealed partial class WatchCacheSet : IAsyncDisposable
{
    public const string RegistryPrefix = "/registry/";

    private readonly object _gate = new();
    private readonly IStore _store;
    private readonly ILogger _logger;
    private readonly Dictionary<string, ResourceWatchCache> _byPrefix = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly HashSet<IWatchCacheObserver> _observers = [];
    private readonly Action _onFailed;
    private long _revision;
    private bool _failed;
    private TaskCompletionSource _progress = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _feed = Task.CompletedTask;

    /// <param name="onFailed">Called when the feed stops following the store for good (not on a re-list).</param>
    public WatchCacheSet(IStore store, ResourceRegistry resources, int capacity, ILogger logger, Action onFailed)
    {
        _store = store;
        _logger = logger;
        _onFailed = onFailed;
        foreach (var r in resources.All)
        {
            _byPrefix.TryAdd(r.StoragePrefix, new ResourceWatchCache(r, _gate, () => Volatile.Read(ref _revision), capacity));
        }
    }

    /// <summary>The revision every cache is current as of.</summary>
    public long Revision
    {
        get
        {
            lock (_gate)
            {
                return _revision;
            }
        }
    }

    /// <summary>Lists every resource at one revision, then follows the store from there.</summary>
    public async Task StartAsync(CancellationToken ct)
    {
        var revision = await LoadAsync(ct);
        _feed = RunAsync(revision, _stop.Token);
    }

    /// <summary>Keeps <paramref name="observer"/> current with the cache of <paramref name="r"/>; only before <see cref="StartAsync"/>.</summary>
    public void Observe(ResourceInfo r, IWatchCacheObserver observer)
    {
        var cache = _byPrefix.GetValueOrDefault(r.StoragePrefix);
        if (cache?.Resource != r)
        {
            throw new ArgumentException($"{r.GroupResource} has no watch cache", nameof(r));
        }

        cache.AddObserver(observer);
        _observers.Add(observer);
    }

    /// <summary>Waits until every cache has seen the store's current revision; false after <paramref name="timeout"/>.</summary>
    public async Task<bool> CatchUpAsync(TimeSpan timeout, CancellationToken ct) =>
        await WaitForRevisionAsync(await _store.GetCurrentRevisionAsync(ct), timeout, ct);

    /// <summary>The cache of a resource; null when the feed has failed (every read then goes to the store).</summary>
    public ResourceWatchCache? Find(ResourceInfo r)
    {
        if (Volatile.Read(ref _failed))
        {
            return null;
        }

        var cache = _byPrefix.GetValueOrDefault(r.StoragePrefix);
        return cache?.Resource == r ? cache : null;
    }

    /// <summary>Waits until every cache is current as of <paramref name="revision"/>; false after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForRevisionAsync(long revision, TimeSpan timeout, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        while (true)
        {
            Task progress;
            lock (_gate)
            {
                if (_revision >= revision)
                {
                    return true;
                }

                progress = _progress.Task;
            }

            try
            {
                await progress.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                return false;
            }
        }
    }

    /// <summary>Reads every resource from the store at one revision into its cache; returns that revision.</summary>
    private async Task<long> LoadAsync(CancellationToken ct)
    {
        var revision = await _store.GetCurrentRevisionAsync(ct);
        var lists = new List<(ResourceWatchCache Cache, IReadOnlyList<KeyValue> Items)>();
        foreach (var cache in _byPrefix.Values)
        {
            var list = await _store.ListAsync(cache.Resource.StoragePrefix, new ListOptions(revision), ct);
            lists.Add((cache, list.Items));
        }

        lock (_gate)
        {
            foreach (var (cache, items) in lists)
            {
                cache.Reset(items, revision);
            }

            foreach (var observer in _observers)
            {
                observer.Applied();
            }

            Advance(revision);
        }

        return revision;
    }

    private async Task RunAsync(long revision, CancellationToken ct)
    {
        var touched = new HashSet<ResourceWatchCache>();
        var observed = new HashSet<IWatchCacheObserver>();
        while (!ct.IsCancellationRequested)
        {
            try
            {
                using var watch = _store.Watch(RegistryPrefix, revision);
                var reader = watch.Events;
                while (await reader.WaitToReadAsync(ct))
                {
                    lock (_gate)
                    {
                        // Apply what is buffered in one go; watchers are woken once per batch.
                        while (reader.TryRead(out var ev))
                        {
                            if (CacheOf(ev.Current.Key) is { } cache)
                            {
                                cache.Apply(ev);
                                touched.Add(cache);
                            }

                            revision = ev.Revision;
                        }

                        foreach (var cache in touched)
                        {
                            cache.Signal();
                            observed.UnionWith(cache.Observers);
                        }

                        foreach (var observer in observed)
                        {
                            observer.Applied();
                        }

                        touched.Clear();
                        observed.Clear();
                        Advance(revision);
                    }
                }

                return;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is WatcherTooSlowException or RevisionCompactedException or System.Threading.Channels.ChannelClosedException)
            {
                LogFeedRestarted(_logger, e.Message);
                try
                {
                    revision = await LoadAsync(ct);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception relist)
                {
                    Fail(relist);
                    return;
                }
            }
            catch (Exception e)
            {
                Fail(e);
                return;
            }
        }
    }

    /// <summary>
    /// Never serves from a cache that stopped following the store: from now on every read goes to the store, the
    /// watchers of the caches end (their clients re-watch, from the store), and the owner learns of it.
    /// </summary>
    private void Fail(Exception e)
    {
        LogFeedFailed(_logger, e);
        Volatile.Write(ref _failed, true);
        lock (_gate)
        {
            foreach (var cache in _byPrefix.Values)
            {
                cache.Close();
            }
        }

        _onFailed();
    }

    private ResourceWatchCache? CacheOf(string key)
    {
        var end = key.IndexOf('/', RegistryPrefix.Length);
        return end < 0 ? null : _byPrefix.GetValueOrDefault(key[..(end + 1)]);
    }

    private void Advance(long revision)
    {
        Volatile.Write(ref _revision, Math.Max(_revision, revision));
        var progress = _progress;
        _progress = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        progress.TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _feed;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    [LoggerMessage(EventId = 31, Level = LogLevel.Warning, Message = "the watch cache re-listed the store: {Reason}")]
    private static partial void LogFeedRestarted(ILogger logger, string reason);

    [LoggerMessage(EventId = 32, Level = LogLevel.Error, Message = "the watch cache stopped following the store; lists and watches are served from the store")]
    private static partial void LogFeedFailed(ILogger logger, Exception exception);
}
