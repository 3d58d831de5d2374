using k8s;
using k8s.Models;

namespace Everynode.Client.Informers;

/// <summary>
/// The two calls an informer makes against one resource, already scoped to a namespace and selectors:
/// a paged list and a watch from a resourceVersion. <see cref="ListWatch{T, TList}"/> implements it over the
/// official client; tests may wrap it to pause or break watches.
/// </summary>
public interface IListWatch<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>One page of a list; <paramref name="continueToken"/> is null for the first page.</summary>
    Task<ListPage<T>> ListAsync(string? continueToken, int? limit, CancellationToken cancellationToken);

    /// <summary>
    /// A watch from <paramref name="resourceVersion"/> with bookmarks allowed. ERROR events (e.g. 410 Expired) are
    /// reported through <paramref name="onError"/> as a <see cref="KubernetesException"/>, as the official client does.
    /// </summary>
    IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(
        string resourceVersion, TimeSpan? timeout, Action<Exception> onError, CancellationToken cancellationToken);
}
