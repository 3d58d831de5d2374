using System.Collections.Concurrent;
using System.Text.Json;
using Everynode.Storage;

namespace Everynode.ApiServer.Admission;

/// <summary>
/// Knows which namespaces exist and which are terminating, from a watch on the namespaces in the store, so that
/// creating an object does not cost a datastore read (upstream's NamespaceLifecycle admission does the same
/// from an informer). A namespace the cache has not seen yet is looked up in the store.
/// </summary>
internal sealed class NamespaceLifecycle : IAsyncDisposable
{
    private const string Prefix = "/registry/namespaces/";
    private readonly IStore _store;
    private readonly ConcurrentDictionary<string, bool> _terminating = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public NamespaceLifecycle(IStore store)
    {
        _store = store;
    }

    public enum State
    {
        Missing,
        Active,
        Terminating,
    }

    public async Task StartAsync(CancellationToken ct)
    {
        var list = await _store.ListAsync(Prefix, new ListOptions(), ct);
        foreach (var kv in list.Items)
        {
            _terminating[kv.Key[Prefix.Length..]] = IsTerminating(kv.Value.Span);
        }

        _loop = RunAsync(list.Revision, _stop.Token);
    }

    public async ValueTask<State> GetStateAsync(string ns, CancellationToken ct)
    {
        if (_terminating.TryGetValue(ns, out var terminating))
        {
            return terminating ? State.Terminating : State.Active;
        }

        var kv = await _store.GetAsync(Prefix + ns, 0, ct);
        return kv is null ? State.Missing : IsTerminating(kv.Value.Span) ? State.Terminating : State.Active;
    }

    /// <summary>The namespaces that have a deletionTimestamp.</summary>
    public IReadOnlyList<string> TerminatingNamespaces() => _terminating.Where(kv => kv.Value).Select(kv => kv.Key).ToList();

    /// <summary>Completes at the next change of any namespace.</summary>
    public Task WaitForChangeAsync(CancellationToken ct) => Volatile.Read(ref _changed).Task.WaitAsync(ct);

    private void Signal() => Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    private async Task RunAsync(long from, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                using var watch = _store.Watch(Prefix, from);
                await foreach (var ev in watch.Events.ReadAllAsync(ct))
                {
                    from = ev.Revision;
                    var name = ev.Current.Key[Prefix.Length..];
                    if (ev.Type == WatchEventType.Delete)
                    {
                        _terminating.TryRemove(name, out _);
                    }
                    else
                    {
                        _terminating[name] = IsTerminating(ev.Current.Value.Span);
                    }

                    Signal();
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (StoreException)
            {
                // Fell behind or history was compacted: start over from a fresh list.
                _terminating.Clear();
                try
                {
                    var list = await _store.ListAsync(Prefix, new ListOptions(), ct);
                    foreach (var kv in list.Items)
                    {
                        _terminating[kv.Key[Prefix.Length..]] = IsTerminating(kv.Value.Span);
                    }

                    from = list.Revision;
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    return;
                }
            }
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

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
