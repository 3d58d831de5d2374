using Everynode.Api.Selectors;
using Everynode.Client.Informers;
using Everynode.Controllers.Shared;
using k8s.Models;

namespace Everynode.Controllers.Deployments;

/// <summary>Informer handlers: Deployment, ReplicaSet and pod events map to the Deployment keys they concern.</summary>
public sealed partial class DeploymentController
{
    private void RegisterHandlers()
    {
        _deployments.AddEventHandler(new InformerHandler<V1Deployment>
        {
            Added = d => Enqueue(CacheKeys.For(d)),
            Updated = (_, d) => Enqueue(CacheKeys.For(d)),
            Deleted = (d, _) => Enqueue(CacheKeys.For(d)),
        });
        _replicaSets.AddEventHandler(new InformerHandler<V1ReplicaSet>
        {
            Added = OnReplicaSetChanged,
            Updated = (oldRs, curRs) =>
            {
                if (oldRs.Metadata?.ResourceVersion == curRs.Metadata?.ResourceVersion)
                {
                    return;
                }

                if (ControllerRefManager.GetControllerOf(oldRs.Metadata)?.Uid != ControllerRefManager.GetControllerOf(curRs.Metadata)?.Uid)
                {
                    OnReplicaSetChanged(oldRs);
                }

                OnReplicaSetChanged(curRs);
            },
            Deleted = (rs, _) => OnReplicaSetChanged(rs),
        });
        _pods.AddEventHandler(new InformerHandler<V1Pod> { Deleted = (pod, _) => OnPodDeleted(pod) });
    }

    /// <summary>The owning Deployment, or for an orphan every Deployment that selects it (it may be adopted).</summary>
    internal void OnReplicaSetChanged(V1ReplicaSet rs)
    {
        if (ControllerRefManager.GetControllerOf(rs.Metadata) is not null)
        {
            if (ResolveControllerRef(rs.Metadata) is { } owner)
            {
                Enqueue(CacheKeys.For(owner));
            }

            return;
        }

        if (string.IsNullOrEmpty(rs.Metadata?.NamespaceProperty))
        {
            return;
        }

        foreach (var d in _deployments.Cache.ByIndex(Indexers.Namespace, rs.Metadata.NamespaceProperty))
        {
            try
            {
                var selector = d.Spec?.Selector;
                if ((selector?.MatchLabels?.Count ?? 0) + (selector?.MatchExpressions?.Count ?? 0) > 0
                    && LabelSelector.FromLabelSelector(selector).Matches(rs.Metadata.Labels))
                {
                    Enqueue(CacheKeys.For(d));
                }
            }
            catch (SelectorParseException)
            {
                // Validation should have refused it; such a Deployment selects nothing.
            }
        }
    }

    /// <summary>A Recreate rollout waits for the old pods to be gone: each deletion of one may let it go on.</summary>
    private void OnPodDeleted(V1Pod pod)
    {
        var owner = ControllerRefManager.GetControllerOf(pod.Metadata);
        if (owner?.Kind != "ReplicaSet" || _replicaSets.Cache.Get(pod.Metadata?.NamespaceProperty, owner.Name) is not { } rs
            || rs.Metadata.Uid != owner.Uid || ResolveControllerRef(rs.Metadata) is not { } d)
        {
            return;
        }

        if (!DeploymentMath.IsRollingUpdate(d))
        {
            Enqueue(CacheKeys.For(d));
        }
    }

    private V1Deployment? ResolveControllerRef(V1ObjectMeta? metadata)
    {
        var owner = ControllerRefManager.GetControllerOf(metadata);
        if (owner is null || owner.Kind != DeploymentReplicaSets.Kind || !owner.ApiVersion.StartsWith("apps/", StringComparison.Ordinal))
        {
            return null;
        }

        var d = _deployments.Cache.Get(metadata?.NamespaceProperty, owner.Name);
        return d is not null && d.Metadata?.Uid == owner.Uid ? d : null;
    }
}
