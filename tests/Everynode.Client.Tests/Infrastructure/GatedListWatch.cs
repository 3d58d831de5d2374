using System.Runtime.CompilerServices;
using Everynode.Client.Informers;
using k8s;
using k8s.Models;

namespace Everynode.Client.Tests.Infrastructure;

/// <summary>
/// Wraps a real list-watch so a test can end the current watch (as a server timeout would) and hold the next
/// one back, and counts the calls.
/// </summary>
internal sealed class GatedListWatch<T>(IListWatch<T> inner) : IListWatch<T>, IDisposable
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly Lock _lock = new();
    private TaskCompletionSource _gate = Open();
    private CancellationTokenSource _current = new();

    public int ListCalls;

    public int WatchCalls;

    public Task<ListPage<T>> ListAsync(string? continueToken, int? limit, CancellationToken cancellationToken)
    {
        if (continueToken is null)
        {
            Interlocked.Increment(ref ListCalls);
        }

        return inner.ListAsync(continueToken, limit, cancellationToken);
    }

    public async IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(
        string resourceVersion, TimeSpan? timeout, Action<Exception> onError, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Task gate;
        CancellationTokenSource current;
        lock (_lock)
        {
            gate = _gate.Task;
            current = _current;
        }

        await gate.WaitAsync(cancellationToken);
        Interlocked.Increment(ref WatchCalls);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, current.Token);
        var enumerator = inner.WatchAsync(resourceVersion, timeout, onError, linked.Token).GetAsyncEnumerator(linked.Token);
        try
        {
            while (true)
            {
                bool more;
                try
                {
                    more = await enumerator.MoveNextAsync();
                }
                catch (OperationCanceledException) when (current.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    yield break; // broken by the test: looks like the server ending the watch.
                }

                if (!more)
                {
                    yield break;
                }

                yield return enumerator.Current;
            }
        }
        finally
        {
            await enumerator.DisposeAsync();
        }
    }

    /// <summary>Ends the running watch and holds the next one until <see cref="Release"/>.</summary>
    public void BreakAndHold()
    {
        lock (_lock)
        {
            _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _current.Cancel();
            _current = new CancellationTokenSource();
        }
    }

    public void Release()
    {
        lock (_lock)
        {
            _gate.TrySetResult();
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _current.Dispose();
        }
    }

    private static TaskCompletionSource Open()
    {
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        tcs.SetResult();
        return tcs;
    }
}
