namespace Everynode.Client.Controllers;

/// <summary>
/// A controller's one reconcile step: read the state for <c>key</c> from informer caches, decide,
/// write through the API. Must be idempotent. Throw to have the key retried with backoff.
/// </summary>
public interface IReconciler
{
    Task SyncAsync(string key, CancellationToken cancellationToken);
}
