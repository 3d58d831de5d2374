namespace Everynode.Storage.Etcd;

/// <summary>
/// An etcd watch ended for a reason other than compaction or a slow consumer (etcd cancelled it, or refused it); like
/// every <see cref="StoreException"/> that ends a watch, the consumer lists again and re-watches.
/// </summary>
public sealed class EtcdWatchFailedException(string message) : StoreException(message)
{
}
