namespace Everynode.Client.Queue;

/// <summary>
/// A work queue with upstream client-go's semantics: a key waits in the queue at most once however often it is
/// added; a key being processed is never handed out again until <see cref="Done"/>, and a key added meanwhile is
/// queued again at that point; failures come back with per-key exponential backoff.
/// </summary>
/// <remarks>
/// Invariants (under <c>_lock</c>): every key in <c>_queue</c> is in <c>_dirty</c>; no key is in <c>_queue</c> twice;
/// a key in <c>_processing</c> is not in <c>_queue</c>; <c>_available</c>'s count equals <c>_queue.Count</c> minus
/// the waiters that have taken a slot but not yet dequeued.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "Kubernetes' own name for it: workqueue.")]
public sealed class WorkQueue<TKey> : IDisposable
    where TKey : notnull
{
    private readonly Lock _lock = new();
    private readonly Queue<TKey> _queue = new();
    private readonly HashSet<TKey> _dirty = [];
    private readonly HashSet<TKey> _processing = [];
    private readonly Dictionary<TKey, (DateTimeOffset ReadyAt, ITimer Timer, long Generation)> _waiting = [];
    private readonly SemaphoreSlim _available = new(0);
    private readonly CancellationTokenSource _shutdown = new();
    private readonly TimeProvider _time;
    private readonly ItemExponentialBackoff<TKey> _backoff;
    private long _generation;

    public WorkQueue(WorkQueueOptions? options = null, TimeProvider? timeProvider = null)
    {
        var o = options ?? new WorkQueueOptions();
        o.Validate();
        _backoff = new ItemExponentialBackoff<TKey>(o);
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Keys waiting to be handed out (not counting delayed or in-process keys).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    public bool ShuttingDown => _shutdown.IsCancellationRequested;

    /// <summary>Queues a key unless it is already waiting; ignored after <see cref="ShutDown"/>.</summary>
    public void Add(TKey key)
    {
        lock (_lock)
        {
            AddLocked(key);
        }
    }

    /// <summary>Queues a key once <paramref name="delay"/> has passed. A key already waiting for an earlier time keeps it.</summary>
    public void AddAfter(TKey key, TimeSpan delay)
    {
        lock (_lock)
        {
            if (ShuttingDown)
            {
                return;
            }

            if (delay <= TimeSpan.Zero)
            {
                AddLocked(key);
                return;
            }

            var readyAt = _time.GetUtcNow() + delay;
            if (_waiting.TryGetValue(key, out var existing))
            {
                if (existing.ReadyAt <= readyAt)
                {
                    return;
                }

                existing.Timer.Dispose();
            }

            var generation = ++_generation;
            var timer = _time.CreateTimer(OnTimer, (key, generation), delay, Timeout.InfiniteTimeSpan);
            _waiting[key] = (readyAt, timer, generation);
        }
    }

    /// <summary>Queues a key after its backoff: 5 ms, 10 ms, 20 ms, … per consecutive call until <see cref="Forget"/>.</summary>
    public void AddRateLimited(TKey key) => AddAfter(key, _backoff.When(key));

    /// <summary>Resets a key's backoff; call it when the key was processed successfully.</summary>
    public void Forget(TKey key) => _backoff.Forget(key);

    /// <summary>How many times the key went back through <see cref="AddRateLimited"/> since it was last forgotten.</summary>
    public int NumRequeues(TKey key) => _backoff.NumRequeues(key);

    /// <summary>
    /// Waits for the next key and marks it as being processed; the caller must call <see cref="Done"/> with it.
    /// Returns <c>ShuttingDown = true</c> (and no key) once the queue is shut down and empty.
    /// </summary>
    public async Task<(TKey Key, bool ShuttingDown)> GetAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (!_available.Wait(0, CancellationToken.None))
            {
                if (ShuttingDown)
                {
                    return (default!, true);
                }

                using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _shutdown.Token);
                try
                {
                    await _available.WaitAsync(linked.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    continue; // shut down: hand out what is left, then report it.
                }
            }

            lock (_lock)
            {
                var key = _queue.Dequeue();
                _dirty.Remove(key);
                _processing.Add(key);
                return (key, false);
            }
        }
    }

    /// <summary>Marks a key as processed; if it was added meanwhile, it is queued again now.</summary>
    public void Done(TKey key)
    {
        lock (_lock)
        {
            _processing.Remove(key);
            if (_dirty.Contains(key))
            {
                _queue.Enqueue(key);
                _available.Release();
            }
        }
    }

    /// <summary>Stops accepting keys and drops delayed ones; workers get what is already queued, then the shutdown signal.</summary>
    public void ShutDown()
    {
        lock (_lock)
        {
            if (ShuttingDown)
            {
                return;
            }

            foreach (var (_, waiting) in _waiting)
            {
                waiting.Timer.Dispose();
            }

            _waiting.Clear();
            _shutdown.Cancel();
        }
    }

    public void Dispose()
    {
        ShutDown();
        _available.Dispose();
        _shutdown.Dispose();
    }

    private void AddLocked(TKey key)
    {
        if (ShuttingDown || !_dirty.Add(key))
        {
            return;
        }

        if (_processing.Contains(key))
        {
            return; // Done queues it again.
        }

        _queue.Enqueue(key);
        _available.Release();
    }

    private void OnTimer(object? state)
    {
        var (key, generation) = ((TKey, long))state!;
        lock (_lock)
        {
            if (!_waiting.TryGetValue(key, out var waiting) || waiting.Generation != generation)
            {
                return;
            }

            _waiting.Remove(key);
            waiting.Timer.Dispose();
            AddLocked(key);
        }
    }
}
