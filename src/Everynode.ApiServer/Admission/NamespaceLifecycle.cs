using System.Collections.Concurrent;
using System.Text.Json;
using Everynode.Api.Resources;
using Everynode.ApiServer.WatchCache;

namespace Everynode.ApiServer.Admission;

/// <summary>
/// Knows which namespaces exist and which are terminating, from the namespaces' watch cache, so that creating an
/// object does not cost a datastore read (upstream's NamespaceLifecycle admission does the same from an informer).
/// A namespace the cache has not seen yet is looked up again once the cache has caught up with the store.
/// </summary>
internal sealed class NamespaceLifecycle : IWatchCacheObserver
{
    /// <summary>How long a lookup of an unseen namespace waits for the cache before it answers from what it has.</summary>
    private static readonly TimeSpan CatchUpTimeout = TimeSpan.FromSeconds(3);

    private readonly WatchCacheSet _cache;
    private readonly string _prefix;
    private readonly ConcurrentDictionary<string, bool> _terminating = new(StringComparer.Ordinal);
    private bool _changed;
    private TaskCompletionSource _change = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Follows the namespaces in <paramref name="cache"/> (before the cache starts).</summary>
    public NamespaceLifecycle(WatchCacheSet cache, ResourceRegistry resources)
    {
        var namespaces = resources.Find("", "v1", "namespaces") ?? throw new InvalidOperationException("namespaces are not served");
        _cache = cache;
        _prefix = namespaces.StoragePrefix;
        cache.Observe(namespaces, this);
    }

    public enum State
    {
        Missing,
        Active,
        Terminating,
    }

    public async ValueTask<State> GetStateAsync(string ns, CancellationToken ct)
    {
        if (_terminating.TryGetValue(ns, out var terminating))
        {
            return terminating ? State.Terminating : State.Active;
        }

        // Created a moment ago, perhaps: the store has it and the cache will have it once it is current.
        await _cache.CatchUpAsync(CatchUpTimeout, ct);
        return _terminating.TryGetValue(ns, out terminating) ? terminating ? State.Terminating : State.Active : State.Missing;
    }

    /// <summary>The namespaces that have a deletionTimestamp.</summary>
    public IReadOnlyList<string> TerminatingNamespaces() => _terminating.Where(kv => kv.Value).Select(kv => kv.Key).ToList();

    /// <summary>Completes at the next change of any namespace.</summary>
    public Task WaitForChangeAsync(CancellationToken ct) => Volatile.Read(ref _change).Task.WaitAsync(ct);

    void IWatchCacheObserver.Reset(IEnumerable<CachedObject> objects)
    {
        _terminating.Clear();
        foreach (var o in objects)
        {
            _terminating[o.Key[_prefix.Length..]] = IsTerminating(o.Json);
        }

        _changed = true;
    }

    void IWatchCacheObserver.Apply(CachedEvent change)
    {
        var name = change.Current.Key[_prefix.Length..];
        if (change.Type == CachedEventType.Deleted)
        {
            _terminating.TryRemove(name, out _);
        }
        else
        {
            _terminating[name] = IsTerminating(change.Current.Json);
        }

        _changed = true;
    }

    void IWatchCacheObserver.Applied()
    {
        if (_changed)
        {
            _changed = false;
            Interlocked.Exchange(ref _change, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }
    }

    /// <summary>A namespace is terminating once it has a deletionTimestamp.</summary>
    private static bool IsTerminating(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 2 && reader.ValueTextEquals("deletionTimestamp"u8))
            {
                reader.Read();
                return reader.TokenType != JsonTokenType.Null;
            }
        }

        return false;
    }
}
