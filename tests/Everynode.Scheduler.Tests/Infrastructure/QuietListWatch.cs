using System.Runtime.CompilerServices;
using Everynode.Client.Informers;
using k8s;
using k8s.Models;

namespace Everynode.Scheduler.Tests.Infrastructure;

/// <summary>
/// A list-watch over nothing: the list is empty and the watch stays open without events. Lets an informer sync
/// (so the scheduler's RunAsync starts) while the test feeds the scheduler's handlers itself.
/// </summary>
internal sealed class QuietListWatch<T> : IListWatch<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    public Task<ListPage<T>> ListAsync(string? continueToken, int? limit, CancellationToken cancellationToken) =>
        Task.FromResult(new ListPage<T>([], "1", null));

    public async IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(
        string resourceVersion, TimeSpan? timeout, Action<Exception> onError, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        yield break;
    }
}
