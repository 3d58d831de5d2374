using System.Threading.Channels;

namespace Everynode.Storage.Watch;

/// <summary>
/// One watch registered with a <see cref="WatchHub"/>: a bounded channel of events for one key prefix.
/// </summary>
/// <remarks>
/// While catching up, a background task writes the missed events into the channel (waiting for the reader when it is
/// full) and live events wait in <see cref="_pending"/>; the hub then drains them under its lock and the watcher turns
/// live. Methods documented as "hub lock held" are only called by <see cref="WatchHub"/> under its lock, which is what
/// guards <see cref="_pending"/> and <see cref="_liveAfter"/>.
/// </remarks>
internal sealed class HubWatcher : IStoreWatch
{
    private readonly WatchHub _hub;
    private readonly string _prefix;
    private readonly int _bufferSize;
    private readonly Channel<WatchEvent> _channel;
    private readonly CancellationTokenSource _stop = new();
    private Queue<WatchEvent>? _pending;
    private long _liveAfter;
    private long _lastDelivered;
    private int _ended;

    public HubWatcher(WatchHub hub, string prefix, int bufferSize, long afterRevision, long publishedRevision)
    {
        _hub = hub;
        _prefix = prefix;
        _bufferSize = bufferSize;
        _channel = Channel.CreateBounded<WatchEvent>(new BoundedChannelOptions(bufferSize)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = false,
            SingleWriter = false,
        });
        _liveAfter = Math.Max(afterRevision, publishedRevision);
        _lastDelivered = afterRevision;
    }

    public ChannelReader<WatchEvent> Events => _channel.Reader;

    public bool IsEnded => Volatile.Read(ref _ended) != 0;

    /// <summary>Hub lock held. Returns false when the watcher is (now) ended and should be removed.</summary>
    internal bool Offer(WatchEvent e)
    {
        if (IsEnded)
        {
            return false;
        }

        if (e.Revision <= _liveAfter || !e.Current.Key.StartsWith(_prefix, StringComparison.Ordinal))
        {
            return true;
        }

        _liveAfter = e.Revision;
        if (_pending is null)
        {
            return TryDeliver(e);
        }

        if (_pending.Count >= _bufferSize)
        {
            return End(new WatcherTooSlowException(Volatile.Read(ref _lastDelivered)));
        }

        _pending.Enqueue(e);
        return true;
    }

    /// <summary>Hub lock held. Delivers events the ring still had.</summary>
    internal void CatchUpFromMemory(List<WatchEvent> missed)
    {
        if (missed.Count > _bufferSize)
        {
            StartCatchUp(missed.ToAsyncEnumerable());
            return;
        }

        // The channel is empty, so these fit.
        foreach (var e in missed)
        {
            TryDeliver(e);
        }
    }

    /// <summary>Hub lock held. Reads events older than the ring from the store.</summary>
    internal void CatchUpFromHistory(IEventHistory history, long afterRevision, long throughRevision) =>
        StartCatchUp(history.ReadAsync(_prefix, afterRevision, throughRevision, _stop.Token));

    /// <summary>Hub lock held. Moves the live events queued during catch-up into the channel.</summary>
    internal bool DrainPending()
    {
        var pending = _pending;
        _pending = null;
        if (IsEnded || pending is null)
        {
            return !IsEnded;
        }

        while (pending.TryDequeue(out var e))
        {
            if (!TryDeliver(e))
            {
                return false;
            }
        }

        return true;
    }

    public void Dispose()
    {
        End(null);
        _hub.Remove(this);
    }

    private void StartCatchUp(IAsyncEnumerable<WatchEvent> missed)
    {
        _pending = new Queue<WatchEvent>();
        _ = Task.Run(() => CatchUpAsync(missed));
    }

    private async Task CatchUpAsync(IAsyncEnumerable<WatchEvent> missed)
    {
        try
        {
            await foreach (var e in missed.WithCancellation(_stop.Token))
            {
                await _channel.Writer.WriteAsync(e, _stop.Token);
                Volatile.Write(ref _lastDelivered, e.Revision);
            }

            _hub.FinishCatchUp(this);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposed or ended meanwhile; the channel is already completed.
        }
        catch (ChannelClosedException)
        {
            // Disposed meanwhile.
        }
#pragma warning disable CA1031 // Not swallowed: any failure (compaction, I/O) ends the watch with that error for the consumer.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            End(ex);
            _hub.Remove(this);
        }
    }

    private bool TryDeliver(WatchEvent e)
    {
        if (!_channel.Writer.TryWrite(e))
        {
            return End(new WatcherTooSlowException(Volatile.Read(ref _lastDelivered)));
        }

        Volatile.Write(ref _lastDelivered, e.Revision);
        return true;
    }

    /// <summary>Ends the watch once: the reader sees the buffered events, then <paramref name="error"/> (or the end).</summary>
    private bool End(Exception? error)
    {
        if (Interlocked.Exchange(ref _ended, 1) == 0)
        {
            _stop.Cancel();
            _channel.Writer.TryComplete(error);
        }

        return false;
    }
}
