using System.Net;
using k8s;
using k8s.Autorest;

namespace Everynode.Client.Informers;

/// <summary>The list-and-watch loop (upstream's reflector).</summary>
public sealed partial class SharedInformer<T>
{
    /// <summary>
    /// list → watch from the list's resourceVersion → on a server-ended watch, watch again from the last
    /// resourceVersion seen (events and bookmarks move it); on 410 Gone, re-list at once; on any other failure,
    /// back off and re-list. Never re-lists otherwise.
    /// </summary>
    private async Task ListAndWatchLoopAsync(CancellationToken ct)
    {
        var failures = 0;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            string resourceVersion;
            try
            {
                resourceVersion = await ListAsync(ct);
            }
            catch (Exception e) when (IsApiFailure(e, ct))
            {
                var delay = Backoff(++failures);
                InformerLog.ListFailed(_logger, e, _resource, delay);
                await Task.Delay(delay, _time, ct);
                continue;
            }

            _synced.TrySetResult();
            var (gone, error, sawEvents) = await WatchUntilBrokenAsync(resourceVersion, ct);
            if (sawEvents)
            {
                failures = 0;
            }

            if (gone)
            {
                InformerLog.WatchExpired(_logger, _resource, LastSyncResourceVersion ?? resourceVersion);
                continue;
            }

            var watchDelay = Backoff(++failures);
            InformerLog.WatchFailed(_logger, error!, _resource, watchDelay);
            await Task.Delay(watchDelay, _time, ct);
        }
    }

    private async Task<string> ListAsync(CancellationToken ct)
    {
        var items = new List<T>();
        string? continueToken = null;
        string resourceVersion;
        do
        {
            var page = await _listWatch.ListAsync(continueToken, _options.PageSize, ct);
            items.AddRange(page.Items.Select(item => Trim(item)));
            resourceVersion = page.ResourceVersion;
            continueToken = page.Continue;
        }
        while (continueToken is not null);

        Replace(items);
        LastSyncResourceVersion = resourceVersion;
        InformerLog.Listed(_logger, _resource, items.Count, resourceVersion);
        return resourceVersion;
    }

    /// <summary>The object as cached: without its managedFields when <see cref="InformerOptions.StripManagedFields"/> says so.</summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(obj))]
    private T? Trim(T? obj) => _options.StripManagedFields && obj is not null ? ManagedFields.Drop(obj) : obj;

    /// <summary>Watches, again and again from the last resourceVersion, until the watch expires or fails.</summary>
    private async Task<(bool Gone, Exception? Error, bool SawEvents)> WatchUntilBrokenAsync(string resourceVersion, CancellationToken ct)
    {
        var sawEvents = false;
        while (true)
        {
            var gone = false;
            Exception? error = null;
            void OnError(Exception e)
            {
                if (e is KubernetesException { Status.Code: (int)HttpStatusCode.Gone })
                {
                    gone = true;
                }
                else
                {
                    error ??= e;
                }
            }

            try
            {
                await foreach (var (type, obj) in _listWatch.WatchAsync(resourceVersion, JitteredWatchTimeout(), OnError, ct))
                {
                    sawEvents = true;
                    switch (type)
                    {
                        case WatchEventType.Added:
                        case WatchEventType.Modified:
                            ApplyUpsert(Trim(obj));
                            break;
                        case WatchEventType.Deleted:
                            ApplyDelete(Trim(obj));
                            break;
                    }

                    if (obj?.Metadata?.ResourceVersion is { Length: > 0 } rv)
                    {
                        resourceVersion = rv;
                        LastSyncResourceVersion = rv;
                    }
                }
            }
            catch (Exception e) when (IsQuietWatchEnd(e))
            {
                // kubernetes-client/csharp#893: a watch the server ends before its first line throws. Nothing was
                // missed; carry on from where we were.
            }
            catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.Gone)
            {
                return (true, null, sawEvents);
            }
            catch (Exception e) when (IsApiFailure(e, ct))
            {
                return (false, e, sawEvents);
            }

            if (gone)
            {
                return (true, null, sawEvents);
            }

            if (error is not null)
            {
                return (false, error, sawEvents);
            }

            InformerLog.WatchEnded(_logger, _resource, resourceVersion);
        }
    }

    private static bool IsQuietWatchEnd(Exception e) =>
        e is HttpRequestException { InnerException: EndOfStreamException } or EndOfStreamException;

    private static bool IsApiFailure(Exception e, CancellationToken ct) =>
        e is not HandlerFailedException && !(e is OperationCanceledException && ct.IsCancellationRequested);

    private TimeSpan Backoff(int failures)
    {
        var exponent = Math.Min(failures - 1, 30);
        var delay = _options.InitialBackoff * Math.Pow(2, exponent);
        return delay > _options.MaxBackoff ? _options.MaxBackoff : delay;
    }

    /// <summary>A watch timeout between the configured one and twice that, so that informers do not re-watch in step.</summary>
    private TimeSpan? JitteredWatchTimeout() =>
        _options.WatchTimeout is { } t ? t * (1 + Random.Shared.NextDouble()) : null;
}
