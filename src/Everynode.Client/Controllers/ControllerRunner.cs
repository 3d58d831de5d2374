using Everynode.Client.Informers;
using Everynode.Client.Queue;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Everynode.Client.Controllers;

/// <summary>
/// The plumbing every controller shares: informer handlers put keys on a <see cref="WorkQueue{TKey}"/>; once
/// the informers have synced, N workers take keys and call <see cref="IReconciler.SyncAsync"/>. A failed sync
/// goes back with per-key backoff; a successful one resets the key's backoff. An exception outside SyncAsync is
/// a bug: it is logged as critical and <see cref="RunAsync"/> faults, so the host stops instead of limping on.
/// </summary>
/// <remarks>The informers are shared and run by their owner; the runner only waits for them to sync.</remarks>
public sealed partial class ControllerRunner : IDisposable
{
    private readonly ControllerRunnerOptions _options;
    private readonly IReconciler _reconciler;
    private readonly ILogger _logger;
    private readonly List<IInformer> _informers = [];

    public ControllerRunner(ControllerRunnerOptions options, IReconciler reconciler, ILogger logger, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(reconciler);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        _options = options;
        _reconciler = reconciler;
        _logger = logger;
        Queue = new WorkQueue<string>(options.Queue, timeProvider);
    }

    /// <summary>The controller's queue, for handlers that need more than <see cref="Watch{T}(SharedInformer{T}, Func{T, IEnumerable{string}})"/>.</summary>
    public WorkQueue<string> Queue { get; }

    /// <summary>Queues the object's own key on every add, update and delete.</summary>
    public void Watch<T>(SharedInformer<T> informer)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        Watch(informer, obj => [CacheKeys.For(obj)]);

    /// <summary>
    /// Queues the keys <paramref name="keysFor"/> maps an object to (e.g. a pod to its DaemonSet's key) on every
    /// add and delete, and for both the old and the new object on update. The runner waits for this informer to sync.
    /// </summary>
    public void Watch<T>(SharedInformer<T> informer, Func<T, IEnumerable<string>> keysFor)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(informer);
        ArgumentNullException.ThrowIfNull(keysFor);
        _informers.Add(informer);
        informer.AddEventHandler(new InformerHandler<T>
        {
            Added = obj => AddAll(keysFor(obj)),
            Updated = (oldObj, newObj) =>
            {
                AddAll(keysFor(oldObj));
                AddAll(keysFor(newObj));
            },
            Deleted = (obj, _) => AddAll(keysFor(obj)),
        });
    }

    /// <summary>Waits for the watched informers to sync, then runs the workers until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var stop = cancellationToken.Register(Queue.ShutDown);
        try
        {
            await Task.WhenAll(_informers.Select(i => i.WaitForSyncAsync(cancellationToken)));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }

        LogStarted(_logger, _options.Name, _options.Workers);
        var workers = Enumerable.Range(0, _options.Workers)
            .Select(_ => Task.Run(() => WorkerAsync(cancellationToken), CancellationToken.None))
            .ToList();
        while (workers.Count > 0)
        {
            var finished = await Task.WhenAny(workers);
            workers.Remove(finished);
            if (finished.IsFaulted)
            {
                var error = finished.Exception!.GetBaseException();
                LogWorkerCrashed(_logger, error, _options.Name);
                Queue.ShutDown();
                await Task.WhenAll(workers.Select(w => w.ContinueWith(_ => { }, TaskScheduler.Default)));
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
            }
        }

        LogStopped(_logger, _options.Name);
    }

    public void Dispose() => Queue.Dispose();

    private async Task WorkerAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            (string Key, bool ShuttingDown) item;
            try
            {
                item = await Queue.GetAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }

            if (item.ShuttingDown)
            {
                return;
            }

            try
            {
                await ProcessAsync(item.Key, ct);
            }
            finally
            {
                Queue.Done(item.Key);
            }
        }
    }

    private async Task ProcessAsync(string key, CancellationToken ct)
    {
        using var scope = _logger.BeginScope("{Controller} {Key}", _options.Name, key);
        try
        {
            await _reconciler.SyncAsync(key, ct);
            Queue.Forget(key);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping: the key is not retried.
        }
        catch (Exception e)
        {
            LogSyncFailed(_logger, e, _options.Name, key, Queue.NumRequeues(key) + 1);
            Queue.AddRateLimited(key);
        }
    }

    private void AddAll(IEnumerable<string> keys)
    {
        foreach (var key in keys)
        {
            Queue.Add(key);
        }
    }

    [LoggerMessage(EventId = 140, Level = LogLevel.Information, Message = "{Controller}: caches synced; starting {Workers} workers")]
    private static partial void LogStarted(ILogger logger, string controller, int workers);

    [LoggerMessage(EventId = 141, Level = LogLevel.Information, Message = "{Controller}: stopped")]
    private static partial void LogStopped(ILogger logger, string controller);

    [LoggerMessage(EventId = 142, Level = LogLevel.Warning, Message = "{Controller}: syncing {Key} failed (attempt {Attempt}); retrying with backoff")]
    private static partial void LogSyncFailed(ILogger logger, Exception exception, string controller, string key, int attempt);

    [LoggerMessage(EventId = 143, Level = LogLevel.Critical, Message = "{Controller}: a worker crashed outside SyncAsync; the controller stops")]
    private static partial void LogWorkerCrashed(ILogger logger, Exception exception, string controller);
}
