using System.Text.Json;
using Everynode.Api.Selectors;
using k8s;
using k8s.Models;

namespace Everynode.Controllers.Shared;

/// <summary>Upstream's ControllerRefManager rules (DaemonSets, ReplicaSets, Deployments), as pure decisions (patches included).</summary>
public static class ControllerRefManager
{
    /// <summary>The ownerReference with controller: true, if any.</summary>
    public static V1OwnerReference? GetControllerOf(V1ObjectMeta? metadata) =>
        metadata?.OwnerReferences?.FirstOrDefault(r => r.Controller == true);

    /// <summary>Whether the object's controller is <paramref name="controller"/> (by UID, as upstream compares).</summary>
    public static bool IsControlledBy(V1ObjectMeta? metadata, V1ObjectMeta? controller) =>
        GetControllerOf(metadata) is { } owner && !string.IsNullOrEmpty(owner.Uid) && owner.Uid == controller?.Uid;

    /// <summary>
    /// Upstream's ClaimObject over a list, for any controller (a DaemonSet claiming pods and ControllerRevisions, a
    /// ReplicaSet claiming pods, a Deployment claiming ReplicaSets). Owned by another controller: ignored. Owned by
    /// us: kept while the selector matches, else released — unless the controller is being deleted (then ignored).
    /// Orphan: adopted if the selector matches, neither it nor the controller is being deleted, and it is in the
    /// controller's namespace. The effectful side must re-check (uncached GET, same UID) that the controller is not
    /// being deleted before adopting.
    /// </summary>
    public static ClaimPlan<T> Claim<T>(V1ObjectMeta? controller, LabelSelector selector, IEnumerable<T> objects)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(selector);
        ArgumentNullException.ThrowIfNull(objects);
        var deleting = controller?.DeletionTimestamp is not null;
        List<T> owned = [], adopt = [], release = [];
        foreach (var obj in objects)
        {
            var matches = selector.Matches(obj.Metadata?.Labels);
            if (GetControllerOf(obj.Metadata) is { } owner)
            {
                if (owner.Uid != controller?.Uid)
                {
                    continue;
                }

                if (matches)
                {
                    owned.Add(obj);
                }
                else if (!deleting)
                {
                    release.Add(obj);
                }

                continue;
            }

            var sameNamespace = string.IsNullOrEmpty(controller?.NamespaceProperty)
                || controller.NamespaceProperty == obj.Metadata?.NamespaceProperty;
            if (matches && !deleting && obj.Metadata?.DeletionTimestamp is null && sameNamespace)
            {
                adopt.Add(obj);
            }
        }

        return new ClaimPlan<T>(owned, adopt, release);
    }

    /// <summary>The strategic merge patch that makes <paramref name="controllerRef"/> the object's controller (guarded by its UID).</summary>
    public static string AdoptPatch(V1OwnerReference controllerRef, string objectUid)
    {
        ArgumentNullException.ThrowIfNull(controllerRef);
        return "{\"metadata\":{\"ownerReferences\":[{"
            + $"\"apiVersion\":{Quote(controllerRef.ApiVersion)},\"kind\":{Quote(controllerRef.Kind)},\"name\":{Quote(controllerRef.Name)},"
            + $"\"uid\":{Quote(controllerRef.Uid)},\"controller\":true,\"blockOwnerDeletion\":true}}],\"uid\":{Quote(objectUid)}}}}}";
    }

    /// <summary>The strategic merge patch that removes the ownerReference to <paramref name="ownerUid"/> (guarded by the object's UID).</summary>
    public static string ReleasePatch(string ownerUid, string objectUid) =>
        "{\"metadata\":{\"ownerReferences\":[{\"$patch\":\"delete\",\"uid\":"
            + $"{Quote(ownerUid)}}}],\"uid\":{Quote(objectUid)}}}}}";

    private static string Quote(string value) => JsonSerializer.Serialize(value);
}
