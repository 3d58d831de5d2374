using k8s;
using k8s.Models;

namespace Everynode.Client.Informers;

/// <summary>
/// <see cref="IListWatch{T}"/> over two calls of the official client, already bound to a namespace and selectors:
/// a list (continue, limit) and a watch with bookmarks (resourceVersion, timeoutSeconds, onError).
/// Build one through <see cref="ListWatches"/>.
/// </summary>
public sealed class ListWatch<T, TList> : IListWatch<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
    where TList : IKubernetesObject<V1ListMeta>, IItems<T>
{
    private readonly Func<string?, int?, CancellationToken, Task<TList>> _list;
    private readonly Func<string, int?, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> _watch;

    public ListWatch(
        Func<string?, int?, CancellationToken, Task<TList>> list,
        Func<string, int?, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> watch)
    {
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(watch);
        _list = list;
        _watch = watch;
    }

    public async Task<ListPage<T>> ListAsync(string? continueToken, int? limit, CancellationToken cancellationToken)
    {
        var body = await _list(continueToken, limit, cancellationToken);
        var items = body.Items is null ? [] : body.Items.ToList();
        var next = string.IsNullOrEmpty(body.Metadata?.ContinueProperty) ? null : body.Metadata.ContinueProperty;
        return new ListPage<T>(items, body.Metadata?.ResourceVersion ?? "", next);
    }

    public IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(
        string resourceVersion, TimeSpan? timeout, Action<Exception> onError, CancellationToken cancellationToken)
    {
        var timeoutSeconds = timeout is { } t ? (int?)Math.Max(1, (int)t.TotalSeconds) : null;
        return _watch(resourceVersion, timeoutSeconds, onError, cancellationToken);
    }
}
