using System.Threading.Channels;
using Etcdserverpb;
using Grpc.Core;

namespace Everynode.Storage.Etcd;

/// <summary>
/// One etcd watch stream on a key range, turned into the contract's event channel. etcd replays history from the start
/// revision and then streams live events; this class only converts them, and when the stream breaks (a member died)
/// opens a new one from the revision after the last event it delivered, so nothing is skipped or repeated.
/// </summary>
/// <remarks>
/// Invariants: events are written in etcd's order, which is revision order; <c>_next</c> is one past the last delivered
/// revision; a full channel ends the watch with <see cref="WatcherTooSlowException"/> instead of blocking the stream.
/// </remarks>
internal sealed class EtcdWatch : IStoreWatch
{
    private readonly EtcdStore _store;
    private readonly Channel<WatchEvent> _events;
    private readonly CancellationTokenSource _stop;
    private readonly Google.Protobuf.ByteString _start;
    private readonly Google.Protobuf.ByteString _end;
    private long _next;

    private EtcdWatch(EtcdStore store, string prefix, long afterRevision, int bufferSize)
    {
        _store = store;
        (_start, _end) = store.Keys.Range(prefix);
        _next = afterRevision + 1;
        _events = Channel.CreateBounded<WatchEvent>(new BoundedChannelOptions(bufferSize) { SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
        _stop = CancellationTokenSource.CreateLinkedTokenSource(store.Disposed);
    }

    public ChannelReader<WatchEvent> Events => _events.Reader;

    public static EtcdWatch Start(EtcdStore store, string prefix, long afterRevision, int bufferSize)
    {
        var watch = new EtcdWatch(store, prefix, afterRevision, bufferSize);
        _ = Task.Run(watch.RunAsync);
        return watch;
    }

    public void Dispose()
    {
        _events.Writer.TryComplete();
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task RunAsync()
    {
        var ct = _stop.Token;
        var delay = TimeSpan.FromMilliseconds(50);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                try
                {
                    if (await StreamAsync(ct))
                    {
                        return;
                    }

                    delay = TimeSpan.FromMilliseconds(50);
                }
                catch (RpcException e) when (EtcdErrors.IsTransient(e) || e.StatusCode is StatusCode.Internal or StatusCode.Unknown)
                {
                    // The member went away mid-stream; the next stream goes to one that is up.
                    await Task.Delay(delay, ct);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(1).Ticks));
                }
            }
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
        }
        catch (RpcException e)
        {
            _events.Writer.TryComplete(new EtcdWatchFailedException($"etcd watch failed: {e.Status.StatusCode} {e.Status.Detail}"));
        }
        catch (Exception e)
        {
            _events.Writer.TryComplete(e);
        }
        finally
        {
            _events.Writer.TryComplete();
            _stop.Dispose();
        }
    }

    /// <summary>Runs one stream. True when the watch is over (failed or too slow), false to reconnect.</summary>
    private async Task<bool> StreamAsync(CancellationToken ct)
    {
        using var call = _store.WatchClient.Watch(cancellationToken: ct);
        await call.RequestStream.WriteAsync(new WatchRequest
        {
            CreateRequest = new WatchCreateRequest { Key = _start, RangeEnd = _end, StartRevision = _next, PrevKv = true },
        }, ct);
        while (await call.ResponseStream.MoveNext(ct))
        {
            var response = call.ResponseStream.Current;
            if (response.CompactRevision != 0)
            {
                _store.NoteCompacted(response.CompactRevision);
                _events.Writer.TryComplete(new RevisionCompactedException(_next - 1, response.CompactRevision));
                return true;
            }

            if (response.Canceled)
            {
                _events.Writer.TryComplete(new EtcdWatchFailedException($"etcd cancelled the watch: {response.CancelReason}"));
                return true;
            }

            foreach (var e in response.Events)
            {
                if (e.Kv.ModRevision < _next)
                {
                    continue;
                }

                if (!_events.Writer.TryWrite(ToWatchEvent(e)))
                {
                    _events.Writer.TryComplete(new WatcherTooSlowException(_next - 1));
                    return true;
                }

                _next = e.Kv.ModRevision + 1;
            }
        }

        return false;
    }

    private WatchEvent ToWatchEvent(Mvccpb.Event e)
    {
        var keys = _store.Keys;
        var previous = e.PrevKv is { ModRevision: > 0 } prev ? keys.ToKeyValue(prev) : null;
        if (e.Type == Mvccpb.Event.Types.EventType.Delete)
        {
            // etcd's delete event carries only the key and the delete's revision; the contract wants the deleted value.
            var deleted = new KeyValue(keys.Name(e.Kv.Key), previous?.Value ?? ReadOnlyMemory<byte>.Empty, previous?.CreateRevision ?? 0, e.Kv.ModRevision);
            return new WatchEvent(WatchEventType.Delete, deleted, previous);
        }

        return new WatchEvent(WatchEventType.Put, keys.ToKeyValue(e.Kv), previous);
    }
}
