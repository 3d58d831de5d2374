namespace Everynode.E2E.Tests.Harness;

/// <summary>
/// The lines a child process printed on one stream, safe to read while the process still writes, with a way to
/// wait until they satisfy a condition.
/// </summary>
internal sealed class OutputLog
{
    private readonly Lock _lock = new();
    private readonly List<string> _lines = [];
    private TaskCompletionSource _changed = NewSignal();
    private bool _closed;

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lock)
            {
                return [.. _lines];
            }
        }
    }

    public string Text => string.Join('\n', Lines);

    /// <summary>Receives one line, or null at end of stream (the convention of <c>DataReceivedEventArgs</c>).</summary>
    public void Add(string? line)
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            if (line is null)
            {
                _closed = true;
            }
            else
            {
                _lines.Add(line);
            }

            changed = _changed;
            _changed = NewSignal();
        }

        changed.TrySetResult();
    }

    /// <summary>Waits until <paramref name="condition"/> holds for the lines so far; fails when the stream ends or time runs out first.</summary>
    public async Task<IReadOnlyList<string>> WaitUntilAsync(Func<IReadOnlyList<string>, bool> condition, TimeSpan timeout, string what, CancellationToken ct = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        while (true)
        {
            Task changed;
            bool closed;
            List<string> snapshot;
            lock (_lock)
            {
                snapshot = [.. _lines];
                changed = _changed.Task;
                closed = _closed;
            }

            if (condition(snapshot))
            {
                return snapshot;
            }

            if (closed)
            {
                throw new InvalidOperationException($"the stream ended before {what}; it printed:\n{string.Join('\n', snapshot)}");
            }

            try
            {
                await changed.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new TimeoutException($"no {what} within {timeout.TotalSeconds:0.#} s; the stream printed:\n{string.Join('\n', snapshot)}");
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
