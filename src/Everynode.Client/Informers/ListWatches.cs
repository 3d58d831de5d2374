using k8s;
using k8s.Models;

namespace Everynode.Client.Informers;

/// <summary>
/// <see cref="IListWatch{T}"/> for each resource the controllers use, over the generated client methods.
/// Watches always ask for bookmarks; lists pass no resourceVersion (a consistent, most recent read).
/// A namespace in the scope is ignored for cluster-scoped resources.
/// </summary>
public static class ListWatches
{
    public static IListWatch<V1Pod> Pods(IKubernetes client, ResourceScope? scope = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        var s = scope ?? ResourceScope.All;
        if (s.Namespace is { } ns)
        {
            return new ListWatch<V1Pod, V1PodList>(
                (c, l, ct) => client.CoreV1.ListNamespacedPodAsync(ns, continueParameter: c, fieldSelector: s.FieldSelector, labelSelector: s.LabelSelector, limit: l, cancellationToken: ct),
                (rv, to, e, ct) => client.CoreV1.WatchListNamespacedPodAsync(ns, allowWatchBookmarks: true, fieldSelector: s.FieldSelector, labelSelector: s.LabelSelector, resourceVersion: rv, timeoutSeconds: to, onError: e, cancellationToken: ct));
        }

        return new ListWatch<V1Pod, V1PodList>(
            (c, l, ct) => client.CoreV1.ListPodForAllNamespacesAsync(continueParameter: c, fieldSelector: s.FieldSelector, labelSelector: s.LabelSelector, limit: l, cancellationToken: ct),
            (rv, to, e, ct) => client.CoreV1.WatchListPodForAllNamespacesAsync(allowWatchBookmarks: true, fieldSelector: s.FieldSelector, labelSelector: s.LabelSelector, resourceVersion: rv, timeoutSeconds: to, onError: e, cancellationToken: ct));
    }

    public static IListWatch<V1Node> Nodes(IKubernetes client, ResourceScope? scope = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        var s = scope ?? ResourceScope.All;
        return new ListWatch<V1Node, V1NodeList>(
            (c, l, ct) => client.CoreV1.ListNodeAsync(continueParameter: c, fieldSelector: s.FieldSelector, labelSelector: s.LabelSelector, limit: l, cancellationToken: ct),
            (rv, to, e, ct) => client.CoreV1.WatchListNodeAsync(allowWatchBookmarks: true, fieldSelector: s.FieldSelector, labelSelector: s.LabelSelector, resourceVersion: rv, timeoutSeconds: to, onError: e, cancellationToken: ct));
    }

    public static IListWatch<V1Namespace> Namespaces(IKubernetes client, ResourceScope? scope = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        var s = scope ?? ResourceScope.All;
        return new ListWatch<V1Namespace, V1NamespaceList>(
            (c, l, ct) => client.CoreV1.ListNamespaceAsync(continueParameter: c, fieldSelector: s.FieldSelector, labelSelector: s.LabelSelector, limit: l, cancellationToken: ct),
            (rv, to, e, ct) => client.CoreV1.WatchListNamespaceAsync(allowWatchBookmarks: true, fieldSelector: s.FieldSelector, labelSelector: s.LabelSelector, resourceVersion: rv, timeoutSeconds: to, onError: e, cancellationToken: ct));
    }

    public static IListWatch<Corev1Event> Events(IKubernetes client, ResourceScope? scope = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        var s = scope ?? ResourceScope.All;
        if (s.Namespace is { } ns)
        {
            return new ListWatch<Corev1Event, Corev1EventList>(
                (c, l, ct) => client.CoreV1.ListNamespacedEventAsync(ns, continueParameter: c, fieldSelector: s.FieldSelector, labelSelector: s.LabelSelector, limit: l, cancellationToken: ct),
                (rv, to, e, ct) => client.CoreV1.WatchListNamespacedEventAsync(ns, allowWatchBookmarks: true, fieldSelector: s.FieldSelector, labelSelector: s.LabelSelector, resourceVersion: rv, timeoutSeconds: to, onError: e, cancellationToken: ct));
        }

        return new ListWatch<Corev1Event, Corev1EventList>(
            (c, l, ct) => client.CoreV1.ListEventForAllNamespacesAsync(continueParameter: c, fieldSelector: s.FieldSelector, labelSelector: s.LabelSelector, limit: l, cancellationToken: ct),
            (rv, to, e, ct) => client.CoreV1.WatchListEventForAllNamespacesAsync(allowWatchBookmarks: true, fieldSelector: s.FieldSelector, labelSelector: s.LabelSelector, resourceVersion: rv, timeoutSeconds: to, onError: e, cancellationToken: ct));
    }

    public static IListWatch<V1DaemonSet> DaemonSets(IKubernetes client, ResourceScope? scope = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        var s = scope ?? ResourceScope.All;
        if (s.Namespace is { } ns)
        {
            return new ListWatch<V1DaemonSet, V1DaemonSetList>(
                (c, l, ct) => client.AppsV1.ListNamespacedDaemonSetAsync(ns, continueParameter: c, fieldSelector: s.FieldSelector, labelSelector: s.LabelSelector, limit: l, cancellationToken: ct),
                (rv, to, e, ct) => client.AppsV1.WatchListNamespacedDaemonSetAsync(ns, allowWatchBookmarks: true, fieldSelector: s.FieldSelector, labelSelector: s.LabelSelector, resourceVersion: rv, timeoutSeconds: to, onError: e, cancellationToken: ct));
        }

        return new ListWatch<V1DaemonSet, V1DaemonSetList>(
            (c, l, ct) => client.AppsV1.ListDaemonSetForAllNamespacesAsync(continueParameter: c, fieldSelector: s.FieldSelector, labelSelector: s.LabelSelector, limit: l, cancellationToken: ct),
            (rv, to, e, ct) => client.AppsV1.WatchListDaemonSetForAllNamespacesAsync(allowWatchBookmarks: true, fieldSelector: s.FieldSelector, labelSelector: s.LabelSelector, resourceVersion: rv, timeoutSeconds: to, onError: e, cancellationToken: ct));
    }

    public static IListWatch<V1ControllerRevision> ControllerRevisions(IKubernetes client, ResourceScope? scope = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        var s = scope ?? ResourceScope.All;
        if (s.Namespace is { } ns)
        {
            return new ListWatch<V1ControllerRevision, V1ControllerRevisionList>(
                (c, l, ct) => client.AppsV1.ListNamespacedControllerRevisionAsync(ns, continueParameter: c, fieldSelector: s.FieldSelector, labelSelector: s.LabelSelector, limit: l, cancellationToken: ct),
                (rv, to, e, ct) => client.AppsV1.WatchListNamespacedControllerRevisionAsync(ns, allowWatchBookmarks: true, fieldSelector: s.FieldSelector, labelSelector: s.LabelSelector, resourceVersion: rv, timeoutSeconds: to, onError: e, cancellationToken: ct));
        }

        return new ListWatch<V1ControllerRevision, V1ControllerRevisionList>(
            (c, l, ct) => client.AppsV1.ListControllerRevisionForAllNamespacesAsync(continueParameter: c, fieldSelector: s.FieldSelector, labelSelector: s.LabelSelector, limit: l, cancellationToken: ct),
            (rv, to, e, ct) => client.AppsV1.WatchListControllerRevisionForAllNamespacesAsync(allowWatchBookmarks: true, fieldSelector: s.FieldSelector, labelSelector: s.LabelSelector, resourceVersion: rv, timeoutSeconds: to, onError: e, cancellationToken: ct));
    }

    public static IListWatch<V1Deployment> Deployments(IKubernetes client, ResourceScope? scope = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        var s = scope ?? ResourceScope.All;
        if (s.Namespace is { } ns)
        {
            return new ListWatch<V1Deployment, V1DeploymentList>(
                (c, l, ct) => client.AppsV1.ListNamespacedDeploymentAsync(ns, continueParameter: c, fieldSelector: s.FieldSelector, labelSelector: s.LabelSelector, limit: l, cancellationToken: ct),
                (rv, to, e, ct) => client.AppsV1.WatchListNamespacedDeploymentAsync(ns, allowWatchBookmarks: true, fieldSelector: s.FieldSelector, labelSelector: s.LabelSelector, resourceVersion: rv, timeoutSeconds: to, onError: e, cancellationToken: ct));
        }

        return new ListWatch<V1Deployment, V1DeploymentList>(
            (c, l, ct) => client.AppsV1.ListDeploymentForAllNamespacesAsync(continueParameter: c, fieldSelector: s.FieldSelector, labelSelector: s.LabelSelector, limit: l, cancellationToken: ct),
            (rv, to, e, ct) => client.AppsV1.WatchListDeploymentForAllNamespacesAsync(allowWatchBookmarks: true, fieldSelector: s.FieldSelector, labelSelector: s.LabelSelector, resourceVersion: rv, timeoutSeconds: to, onError: e, cancellationToken: ct));
    }

    public static IListWatch<V1ReplicaSet> ReplicaSets(IKubernetes client, ResourceScope? scope = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        var s = scope ?? ResourceScope.All;
        if (s.Namespace is { } ns)
        {
            return new ListWatch<V1ReplicaSet, V1ReplicaSetList>(
                (c, l, ct) => client.AppsV1.ListNamespacedReplicaSetAsync(ns, continueParameter: c, fieldSelector: s.FieldSelector, labelSelector: s.LabelSelector, limit: l, cancellationToken: ct),
                (rv, to, e, ct) => client.AppsV1.WatchListNamespacedReplicaSetAsync(ns, allowWatchBookmarks: true, fieldSelector: s.FieldSelector, labelSelector: s.LabelSelector, resourceVersion: rv, timeoutSeconds: to, onError: e, cancellationToken: ct));
        }

        return new ListWatch<V1ReplicaSet, V1ReplicaSetList>(
            (c, l, ct) => client.AppsV1.ListReplicaSetForAllNamespacesAsync(continueParameter: c, fieldSelector: s.FieldSelector, labelSelector: s.LabelSelector, limit: l, cancellationToken: ct),
            (rv, to, e, ct) => client.AppsV1.WatchListReplicaSetForAllNamespacesAsync(allowWatchBookmarks: true, fieldSelector: s.FieldSelector, labelSelector: s.LabelSelector, resourceVersion: rv, timeoutSeconds: to, onError: e, cancellationToken: ct));
    }

    public static IListWatch<V1Lease> Leases(IKubernetes client, ResourceScope? scope = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        var s = scope ?? ResourceScope.All;
        if (s.Namespace is { } ns)
        {
            return new ListWatch<V1Lease, V1LeaseList>(
                (c, l, ct) => client.CoordinationV1.ListNamespacedLeaseAsync(ns, continueParameter: c, fieldSelector: s.FieldSelector, labelSelector: s.LabelSelector, limit: l, cancellationToken: ct),
                (rv, to, e, ct) => client.CoordinationV1.WatchListNamespacedLeaseAsync(ns, allowWatchBookmarks: true, fieldSelector: s.FieldSelector, labelSelector: s.LabelSelector, resourceVersion: rv, timeoutSeconds: to, onError: e, cancellationToken: ct));
        }

        return new ListWatch<V1Lease, V1LeaseList>(
            (c, l, ct) => client.CoordinationV1.ListLeaseForAllNamespacesAsync(continueParameter: c, fieldSelector: s.FieldSelector, labelSelector: s.LabelSelector, limit: l, cancellationToken: ct),
            (rv, to, e, ct) => client.CoordinationV1.WatchListLeaseForAllNamespacesAsync(allowWatchBookmarks: true, fieldSelector: s.FieldSelector, labelSelector: s.LabelSelector, resourceVersion: rv, timeoutSeconds: to, onError: e, cancellationToken: ct));
    }

    public static IListWatch<V1PodDisruptionBudget> PodDisruptionBudgets(IKubernetes client, ResourceScope? scope = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        var s = scope ?? ResourceScope.All;
        return s.Namespace is { } ns
            ? new ListWatch<V1PodDisruptionBudget, V1PodDisruptionBudgetList>(
                (c, l, ct) => client.PolicyV1.ListNamespacedPodDisruptionBudgetAsync(ns, continueParameter: c, fieldSelector: s.FieldSelector, labelSelector: s.LabelSelector, limit: l, cancellationToken: ct),
                (rv, to, e, ct) => client.PolicyV1.WatchListNamespacedPodDisruptionBudgetAsync(ns, allowWatchBookmarks: true, fieldSelector: s.FieldSelector, labelSelector: s.LabelSelector, resourceVersion: rv, timeoutSeconds: to, onError: e, cancellationToken: ct))
            : new ListWatch<V1PodDisruptionBudget, V1PodDisruptionBudgetList>(
                (c, l, ct) => client.PolicyV1.ListPodDisruptionBudgetForAllNamespacesAsync(continueParameter: c, fieldSelector: s.FieldSelector, labelSelector: s.LabelSelector, limit: l, cancellationToken: ct),
                (rv, to, e, ct) => client.PolicyV1.WatchListPodDisruptionBudgetForAllNamespacesAsync(allowWatchBookmarks: true, fieldSelector: s.FieldSelector, labelSelector: s.LabelSelector, resourceVersion: rv, timeoutSeconds: to, onError: e, cancellationToken: ct));
    }
}
