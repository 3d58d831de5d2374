using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Everynode.Agent.Simulation;

/// <summary>
/// What lets thousands of simulated nodes cost little: one timer for the whole fleet (a queue of due times, the
/// timer armed for the earliest) and a fixed pool of workers that carry out API writes, so the fleet never has more
/// than <see cref="SimulatedFleetOptions.MaxConcurrentWrites"/> requests in flight and never a task per node asleep.
/// </summary>
/// <remarks>
/// Invariants: a work item runs on a worker, never on the timer's thread or the caller's; an API failure worth
/// retrying is counted and logged (at most once a second) and the item is not retried by the scheduler — items that
/// must happen again schedule themselves; any other exception faults <see cref="Completion"/>.
/// </remarks>
internal sealed class FleetScheduler : IAsyncDisposable
{
    private static readonly TimeSpan LogEvery = TimeSpan.FromSeconds(1);

    private readonly Channel<Func<CancellationToken, Task>> _work =
        Channel.CreateUnbounded<Func<CancellationToken, Task>>(new UnboundedChannelOptions { SingleReader = false });
    private readonly PriorityQueue<Func<CancellationToken, Task>, DateTimeOffset> _due = new();
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ITimer _timer;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _workers;
    private readonly TaskCompletionSource _failed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DateTimeOffset _armedFor = DateTimeOffset.MaxValue;
    private DateTimeOffset _lastLogged = DateTimeOffset.MinValue;
    private long _transientErrors;

    public FleetScheduler(int workers, TimeProvider time, ILogger logger)
    {
        _time = time;
        _logger = logger;
        _timer = time.CreateTimer(_ => FireDue(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _workers = [.. Enumerable.Range(0, workers).Select(_ => Task.Run(() => WorkAsync(_stop.Token)))];
    }

    /// <summary>Faults when a work item failed unexpectedly; never completes otherwise.</summary>
    public Task Completion => _failed.Task;

    /// <summary>API calls that failed in a way worth retrying (network, 5xx, conflicts), since the start.</summary>
    public long TransientErrors => Interlocked.Read(ref _transientErrors);

    public DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>Runs <paramref name="work"/> on a worker as soon as one is free.</summary>
    public void Run(Func<CancellationToken, Task> work) => _work.Writer.TryWrite(work);

    /// <summary>Runs <paramref name="work"/> on a worker once <paramref name="due"/> has come.</summary>
    public void RunAt(DateTimeOffset due, Func<CancellationToken, Task> work)
    {
        lock (_lock)
        {
            _due.Enqueue(work, due);
            if (due < _armedFor)
            {
                Arm(due);
            }
        }
    }

    private void FireDue()
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            while (_due.TryPeek(out var work, out var due) && due <= now)
            {
                _due.Dequeue();
                _work.Writer.TryWrite(work);
            }

            _armedFor = DateTimeOffset.MaxValue;
            if (_due.TryPeek(out _, out var next))
            {
                Arm(next);
            }
        }
    }

    private void Arm(DateTimeOffset due)
    {
        _armedFor = due;
        var wait = due - _time.GetUtcNow();
        _timer.Change(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    private async Task WorkAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var work in _work.Reader.ReadAllAsync(ct))
            {
                try
                {
                    await work(ct);
                }
                catch (Exception e) when (ApiCalls.IsTransient(e) && !ct.IsCancellationRequested)
                {
                    RecordTransient(e);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            _logger.LogError(e, "A simulated node's work failed");
            _failed.TrySetException(e);
        }
    }

    /// <summary>Counts an API failure worth retrying and logs it, at most once a second so a failing server does not flood the log.</summary>
    public void RecordTransient(Exception e)
    {
        Interlocked.Increment(ref _transientErrors);
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            if (now - _lastLogged < LogEvery)
            {
                return;
            }

            _lastLogged = now;
        }

        _logger.LogWarning("Simulated nodes: an API call failed ({Errors} so far): {Error}", TransientErrors, e.Message);
    }

    public async ValueTask DisposeAsync()
    {
        await _timer.DisposeAsync();
        _work.Writer.TryComplete();
        await _stop.CancelAsync();
        await Task.WhenAll(_workers);
        _stop.Dispose();
    }
}
