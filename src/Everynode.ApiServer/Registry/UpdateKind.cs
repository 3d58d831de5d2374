namespace Everynode.ApiServer.Registry;

/// <summary>Which endpoint an update came through: the main resource, its <c>/status</c> or the pod <c>/binding</c> subresource.</summary>
internal enum UpdateKind
{
    Main,
    Status,

    /// <summary>The server's own change of a namespace's spec.finalizers (upstream's /finalize): no strategy.</summary>
    Finalize,

    /// <summary>
    /// pods/NAME/binding: sets spec.nodeName and the PodScheduled condition. Upstream writes it straight to storage,
    /// past the pod strategies (the status strategy would reset spec.nodeName, the main one forbids changing it).
    /// </summary>
    Binding,
}
