using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Everynode.Controllers.GarbageCollector;

internal sealed partial class GarbageCollectorSync
{
    /// <summary>
    /// True when the cache alone shows the owner present, same UID and name, in the right namespace, and not waiting
    /// for its dependents: nothing to do for this reference and no reason to ask the server. Unresolvable references
    /// count as solid too.
    /// </summary>
    private bool IsSolidInCache(GcResourceType dependentType, V1ObjectMeta dependent, V1OwnerReference reference)
    {
        if (graph.ForReference(reference) is not { } ownerResource || (!dependentType.Namespaced && ownerResource.Type.Namespaced))
        {
            return true;
        }

        var owner = ownerResource.ByUid(reference.Uid)?.Metadata;
        return owner is not null
            && owner.Name == reference.Name
            && (!ownerResource.Type.Namespaced || owner.NamespaceProperty == dependent.NamespaceProperty)
            && !Finalizers.IsDeletingDependents(owner);
    }

    /// <summary>
    /// Upstream's classifyReferences for one reference, on live state: the owner is read by name in the dependent's
    /// namespace (or cluster-wide for a cluster-scoped kind) and must carry the referenced UID.
    /// </summary>
    private async Task<OwnerState> ClassifyAsync(GcResourceType dependentType, V1ObjectMeta dependent, V1OwnerReference reference, CancellationToken ct)
    {
        if (graph.ForReference(reference) is not { } ownerResource)
        {
            LogUnresolvableOwner(logger, dependentType.Kind, dependent.Name, reference.ApiVersion, reference.Kind);
            return OwnerState.Unresolvable;
        }

        if (!dependentType.Namespaced && ownerResource.Type.Namespaced)
        {
            // Not valid upstream either: a cluster-scoped object cannot be owned by a namespaced one.
            LogUnresolvableOwner(logger, dependentType.Kind, dependent.Name, reference.ApiVersion, reference.Kind);
            return OwnerState.Unresolvable;
        }

        var ownerNamespace = ownerResource.Type.Namespaced ? dependent.NamespaceProperty : null;
        var absentKey = reference.Uid + "|" + ownerNamespace;
        if (absentOwners.Contains(absentKey))
        {
            return OwnerState.Dangling;
        }

        var owner = await control.GetMetadataAsync(ownerResource.Type, ownerNamespace, reference.Name, ct);
        if (owner is null || owner.Uid != reference.Uid)
        {
            absentOwners.Add(absentKey);
            return OwnerState.Dangling;
        }

        return Finalizers.IsDeletingDependents(owner) ? OwnerState.WaitingForDependentsDeletion : OwnerState.Solid;
    }

    [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "garbage collector: deleting {Kind} {Key} (propagationPolicy {Policy}): no owner left")]
    private static partial void LogDeletingDependent(ILogger logger, string kind, string key, string policy);

    [LoggerMessage(EventId = 401, Level = LogLevel.Information, Message = "garbage collector: removing ownerReferences to {OwnerUids} from {Kind} {Key}, which has other owners")]
    private static partial void LogRemovingOwnerReferences(ILogger logger, string kind, string key, string ownerUids);

    [LoggerMessage(EventId = 402, Level = LogLevel.Information, Message = "garbage collector: removed finalizer {Finalizer} from {Kind} {Key}")]
    private static partial void LogRemovedFinalizer(ILogger logger, string finalizer, string kind, string key);

    [LoggerMessage(EventId = 403, Level = LogLevel.Information, Message = "garbage collector: orphaning the {Count} dependents of {Kind} {Key}")]
    private static partial void LogOrphaning(ILogger logger, string kind, string key, int count);

    [LoggerMessage(EventId = 404, Level = LogLevel.Debug, Message = "garbage collector: {Kind} {Name} has an ownerReference to {ApiVersion} {OwnerKind} that cannot be resolved here; it counts as a live owner")]
    private static partial void LogUnresolvableOwner(ILogger logger, string kind, string name, string apiVersion, string ownerKind);
}
