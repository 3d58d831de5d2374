using System.Threading.Channels;
using k8s;

namespace Everynode.ApiServer.Tests.Infrastructure;

/// <summary>
/// Runs a client watch in the background and hands its events to the test one at a time, each with a timeout.
/// </summary>
internal sealed class WatchRecorder<T> : IAsyncDisposable
{
    private readonly Channel<(WatchEventType Type, T Object)> _events = Channel.CreateUnbounded<(WatchEventType, T)>();
    private readonly Channel<Exception> _errors = Channel.CreateUnbounded<Exception>();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pump;

    public WatchRecorder(Func<Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> watch)
    {
        _pump = Task.Run(async () =>
        {
            try
            {
                await foreach (var ev in watch(e => _errors.Writer.TryWrite(e), _stop.Token))
                {
                    _events.Writer.TryWrite(ev);
                }

                _events.Writer.TryComplete();
            }
            catch (Exception e) when (e is OperationCanceledException || _stop.IsCancellationRequested)
            {
                _events.Writer.TryComplete();
            }
            catch (Exception e)
            {
                _events.Writer.TryComplete(e);
            }
        });
    }

    public async Task<(WatchEventType Type, T Object)> NextAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        return await _events.Reader.ReadAsync(cts.Token);
    }

    /// <summary>The next event other than a bookmark.</summary>
    public async Task<(WatchEventType Type, T Object)> NextChangeAsync(TimeSpan? timeout = null)
    {
        while (true)
        {
            var ev = await NextAsync(timeout);
            if (ev.Type != WatchEventType.Bookmark)
            {
                return ev;
            }
        }
    }

    public async Task<List<(WatchEventType Type, T Object)>> TakeChangesAsync(int count, TimeSpan? timeout = null)
    {
        var list = new List<(WatchEventType, T)>();
        while (list.Count < count)
        {
            list.Add(await NextChangeAsync(timeout));
        }

        return list;
    }

    /// <summary>True if a change (not a bookmark) arrives within <paramref name="within"/>.</summary>
    public async Task<bool> HasMoreChangesAsync(TimeSpan within)
    {
        try
        {
            await NextChangeAsync(within);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (ChannelClosedException)
        {
            return false;
        }
    }

    public async Task<Exception> NextErrorAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        return await _errors.Reader.ReadAsync(cts.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _pump.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
        }

        _stop.Dispose();
    }
}
