namespace Everynode.Client.Informers;

/// <summary>
/// Receives an informer's changes, one at a time and in order, after the cache already holds the change.
/// Handlers run on the informer's loop: keep them short (map to a key, put it on a work queue). An exception
/// from a handler stops the informer (its <c>RunAsync</c> faults). Never mutate the objects handed in.
/// </summary>
public interface IInformerHandler<in T>
{
    /// <summary>An object appeared (from the first list, a re-list or a watch ADDED event).</summary>
    void OnAdd(T obj);

    /// <summary>An object changed. After a re-list, only objects whose resourceVersion changed are reported.</summary>
    void OnUpdate(T oldObj, T newObj);

    /// <summary>
    /// An object went away. <paramref name="obj"/> is its last known state. <paramref name="finalStateUnknown"/> is
    /// true when the deletion was noticed by a re-list rather than seen in a watch (upstream's
    /// DeletedFinalStateUnknown): the object may have changed after that state before it was deleted.
    /// </summary>
    void OnDelete(T obj, bool finalStateUnknown);
}
