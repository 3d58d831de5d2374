using System.Text.Json;
using Everynode.Api.Selectors;
using k8s;
using k8s.Models;

namespace Everynode.Controllers.DaemonSets;

/// <summary>Upstream's ControllerRefManager rules for a DaemonSet, as pure decisions (patches included).</summary>
public static class ControllerRefManager
{
    /// <summary>The ownerReference with controller: true, if any.</summary>
    public static V1OwnerReference? GetControllerOf(V1ObjectMeta? metadata) =>
        metadata?.OwnerReferences?.FirstOrDefault(r => r.Controller == true);

    /// <summary>Whether the object's controller is this DaemonSet (by UID, as upstream compares).</summary>
    public static bool IsControlledBy(V1ObjectMeta? metadata, V1DaemonSet ds)
    {
        ArgumentNullException.ThrowIfNull(ds);
        return GetControllerOf(metadata) is { } owner && !string.IsNullOrEmpty(owner.Uid) && owner.Uid == ds.Metadata?.Uid;
    }

    /// <summary>
    /// Upstream's ClaimObject over a list. Owned by another controller: ignored. Owned by us: kept while the
    /// selector matches, else released — unless the DaemonSet is being deleted (then ignored). Orphan: adopted if
    /// the selector matches, neither it nor the DaemonSet is being deleted, and it is in the DaemonSet's namespace.
    /// The effectful side must re-check (uncached GET, same UID) that the DaemonSet is not being deleted before
    /// adopting.
    /// </summary>
    public static ClaimPlan<T> Claim<T>(V1DaemonSet ds, LabelSelector selector, IEnumerable<T> objects)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(ds);
        ArgumentNullException.ThrowIfNull(selector);
        ArgumentNullException.ThrowIfNull(objects);
        var dsDeleting = ds.Metadata?.DeletionTimestamp is not null;
        List<T> owned = [], adopt = [], release = [];
        foreach (var obj in objects)
        {
            var matches = selector.Matches(obj.Metadata?.Labels);
            if (GetControllerOf(obj.Metadata) is { } owner)
            {
                if (owner.Uid != ds.Metadata?.Uid)
                {
                    continue;
                }

                if (matches)
                {
                    owned.Add(obj);
                }
                else if (!dsDeleting)
                {
                    release.Add(obj);
                }

                continue;
            }

            var sameNamespace = string.IsNullOrEmpty(ds.Metadata?.NamespaceProperty)
                || ds.Metadata.NamespaceProperty == obj.Metadata?.NamespaceProperty;
            if (matches && !dsDeleting && obj.Metadata?.DeletionTimestamp is null && sameNamespace)
            {
                adopt.Add(obj);
            }
        }

        return new ClaimPlan<T>(owned, adopt, release);
    }

    /// <summary>The strategic merge patch that adopts an object (guarded by its UID).</summary>
    public static string AdoptPatch(V1DaemonSet ds, string objectUid)
    {
        ArgumentNullException.ThrowIfNull(ds);
        var owner = DaemonPodTemplate.NewControllerRef(ds);
        return "{\"metadata\":{\"ownerReferences\":[{"
            + $"\"apiVersion\":{Quote(owner.ApiVersion)},\"kind\":{Quote(owner.Kind)},\"name\":{Quote(owner.Name)},"
            + $"\"uid\":{Quote(owner.Uid)},\"controller\":true,\"blockOwnerDeletion\":true}}],\"uid\":{Quote(objectUid)}}}}}";
    }

    /// <summary>The strategic merge patch that releases an object (removes our ownerReference, guarded by its UID).</summary>
    public static string ReleasePatch(V1DaemonSet ds, string objectUid)
    {
        ArgumentNullException.ThrowIfNull(ds);
        return "{\"metadata\":{\"ownerReferences\":[{\"$patch\":\"delete\",\"uid\":"
            + $"{Quote(ds.Metadata?.Uid ?? string.Empty)}}}],\"uid\":{Quote(objectUid)}}}}}";
    }

    private static string Quote(string value) => JsonSerializer.Serialize(value);
}
