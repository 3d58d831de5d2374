namespace Everynode.Client.Informers;

/// <summary>What a controller needs of an informer without knowing its object type: run it, wait for its first list.</summary>
public interface IInformer
{
    /// <summary>True once the first full list is in the cache (and stays true through later re-lists).</summary>
    bool HasSynced { get; }

    /// <summary>Completes when <see cref="HasSynced"/> becomes true.</summary>
    Task WaitForSyncAsync(CancellationToken cancellationToken);

    /// <summary>Lists, then watches until cancelled. Faults only if an event handler throws.</summary>
    Task RunAsync(CancellationToken cancellationToken);
}
