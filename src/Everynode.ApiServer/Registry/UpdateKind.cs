namespace Everynode.ApiServer.Registry;

/// <summary>Which endpoint an update came through: the main resource or its <c>/status</c> subresource.</summary>
internal enum UpdateKind
{
    Main,
    Status,

    /// <summary>The server's own change of a namespace's spec.finalizers (upstream's /finalize): no strategy.</summary>
    Finalize,
}
