using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Everynode.Client.Informers;

/// <summary>
/// Keeps a local cache of one resource in step with the API server (list, then watch from the list's
/// resourceVersion) and tells handlers about every change. One informer per resource and scope is meant to be
/// shared by all controllers in a process. See docs/client.md.
/// </summary>
/// <remarks>
/// Invariants: the cache is written only by the informer loop; each change is applied to the cache before any
/// handler hears of it; handlers are called one at a time, in the order of the watch. Objects in the cache and
/// handed to handlers are shared and must never be mutated.
/// </remarks>
public sealed partial class SharedInformer<T> : IInformer
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly IListWatch<T> _listWatch;
    private readonly InformerOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly string _resource;
    private readonly List<IInformerHandler<T>> _handlers = [];
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Held while a change is applied and handed to handlers, and while a handler is added, so that a new handler
    // sees every object exactly once: either in its replay or as a later event.
    private readonly Lock _dispatchLock = new();
    private int _running;

    public SharedInformer(IListWatch<T> listWatch, InformerOptions? options, ILogger logger, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(listWatch);
        ArgumentNullException.ThrowIfNull(logger);
        _listWatch = listWatch;
        _options = options ?? new InformerOptions();
        _options.Validate();
        _logger = logger;
        _time = timeProvider ?? TimeProvider.System;
        _resource = typeof(T).Name;
        Cache.AddIndexer(Indexers.Namespace, Indexers.ByNamespace);
        Cache.AddIndexer(Indexers.ControllerUid, Indexers.ByControllerUid);
    }

    /// <summary>The local cache. Its objects must never be mutated; see <see cref="InformerCache{T}"/>.</summary>
    public InformerCache<T> Cache { get; } = new();

    public bool HasSynced => _synced.Task.IsCompleted;

    /// <summary>The resourceVersion of the last list, event or bookmark applied.</summary>
    public string? LastSyncResourceVersion { get; private set; }

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => _synced.Task.WaitAsync(cancellationToken);

    /// <summary>Adds an index to the cache; see <see cref="InformerCache{T}.AddIndexer"/>.</summary>
    public void AddIndexer(string name, Func<T, IEnumerable<string>> indexer) => Cache.AddIndexer(name, indexer);

    /// <summary>
    /// Adds a handler. If the informer already holds objects, the handler first gets <c>OnAdd</c> for each of them
    /// (on the caller's thread), then every later change.
    /// </summary>
    public void AddEventHandler(IInformerHandler<T> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_dispatchLock)
        {
            foreach (var obj in Cache.List())
            {
                handler.OnAdd(obj);
            }

            _handlers.Add(handler);
        }
    }

    /// <summary>
    /// Lists and watches until <paramref name="cancellationToken"/> is cancelled, then completes. Failures of the
    /// API are retried with backoff and never end the loop; an exception from a handler does (the task faults).
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            throw new InvalidOperationException($"the {_resource} informer is already running");
        }

        try
        {
            await ListAndWatchLoopAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (HandlerFailedException e)
        {
            InformerLog.HandlerFailed(_logger, e.InnerException, _resource);
            throw;
        }
    }

    private void Dispatch(Action<IInformerHandler<T>> call)
    {
        foreach (var handler in _handlers)
        {
            try
            {
                call(handler);
            }
            catch (Exception e)
            {
                throw new HandlerFailedException(e);
            }
        }
    }

    private void ApplyUpsert(T obj)
    {
        var key = CacheKeys.For(obj);
        lock (_dispatchLock)
        {
            var old = Cache.Upsert(key, obj);
            if (old is null)
            {
                Dispatch(h => h.OnAdd(obj));
            }
            else
            {
                Dispatch(h => h.OnUpdate(old, obj));
            }
        }
    }

    private void ApplyDelete(T obj)
    {
        var key = CacheKeys.For(obj);
        lock (_dispatchLock)
        {
            // The watch's DELETED object is the final state; it is what handlers get even if the cache missed it.
            Cache.Remove(key);
            Dispatch(h => h.OnDelete(obj, false));
        }
    }

    /// <summary>
    /// Makes the cache equal to a fresh list: adds and updates for what is new or changed, deletes (final state
    /// unknown) for what vanished while the informer was not watching.
    /// </summary>
    private void Replace(IReadOnlyList<T> items)
    {
        lock (_dispatchLock)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var obj in items)
            {
                var key = CacheKeys.For(obj);
                seen.Add(key);
                var current = Cache.Get(key);
                if (current is not null && current.Metadata.ResourceVersion == obj.Metadata.ResourceVersion)
                {
                    continue;
                }

                Cache.Upsert(key, obj);
                if (current is null)
                {
                    Dispatch(h => h.OnAdd(obj));
                }
                else
                {
                    Dispatch(h => h.OnUpdate(current, obj));
                }
            }

            foreach (var key in Cache.ListKeys())
            {
                if (!seen.Contains(key) && Cache.Remove(key) is { } gone)
                {
                    Dispatch(h => h.OnDelete(gone, true));
                }
            }
        }
    }

    /// <summary>Wraps an exception thrown by a handler so that the loop can tell it from API failures.</summary>
    private sealed class HandlerFailedException(Exception inner) : Exception("an informer event handler failed", inner);
}
