using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Everynode.Client.Informers;

/// <summary>
/// Ready-made informers for the resources the controllers and the scheduler watch. Every informer has the
/// <see cref="Indexers.Namespace"/> and <see cref="Indexers.ControllerUid"/> indexes; pods also have
/// <see cref="Indexers.NodeName"/>. Share one informer per resource and scope within a process.
/// </summary>
public static class InformerFactory
{
    public static SharedInformer<V1Pod> Pods(IKubernetes client, ILoggerFactory loggerFactory, ResourceScope? scope = null, InformerOptions? options = null)
    {
        var informer = Create(ListWatches.Pods(client, scope), loggerFactory, options);
        informer.AddIndexer(Indexers.NodeName, Indexers.PodNodeName);
        return informer;
    }

    public static SharedInformer<V1Node> Nodes(IKubernetes client, ILoggerFactory loggerFactory, ResourceScope? scope = null, InformerOptions? options = null) =>
        Create(ListWatches.Nodes(client, scope), loggerFactory, options);

    public static SharedInformer<V1Namespace> Namespaces(IKubernetes client, ILoggerFactory loggerFactory, ResourceScope? scope = null, InformerOptions? options = null) =>
        Create(ListWatches.Namespaces(client, scope), loggerFactory, options);

    public static SharedInformer<Corev1Event> Events(IKubernetes client, ILoggerFactory loggerFactory, ResourceScope? scope = null, InformerOptions? options = null) =>
        Create(ListWatches.Events(client, scope), loggerFactory, options);

    public static SharedInformer<V1DaemonSet> DaemonSets(IKubernetes client, ILoggerFactory loggerFactory, ResourceScope? scope = null, InformerOptions? options = null) =>
        Create(ListWatches.DaemonSets(client, scope), loggerFactory, options);

    public static SharedInformer<V1ControllerRevision> ControllerRevisions(IKubernetes client, ILoggerFactory loggerFactory, ResourceScope? scope = null, InformerOptions? options = null) =>
        Create(ListWatches.ControllerRevisions(client, scope), loggerFactory, options);

    public static SharedInformer<V1Deployment> Deployments(IKubernetes client, ILoggerFactory loggerFactory, ResourceScope? scope = null, InformerOptions? options = null) =>
        Create(ListWatches.Deployments(client, scope), loggerFactory, options);

    public static SharedInformer<V1ReplicaSet> ReplicaSets(IKubernetes client, ILoggerFactory loggerFactory, ResourceScope? scope = null, InformerOptions? options = null) =>
        Create(ListWatches.ReplicaSets(client, scope), loggerFactory, options);

    public static SharedInformer<V1Lease> Leases(IKubernetes client, ILoggerFactory loggerFactory, ResourceScope? scope = null, InformerOptions? options = null) =>
        Create(ListWatches.Leases(client, scope), loggerFactory, options);

    public static SharedInformer<V1PodDisruptionBudget> PodDisruptionBudgets(IKubernetes client, ILoggerFactory loggerFactory, ResourceScope? scope = null, InformerOptions? options = null) =>
        Create(ListWatches.PodDisruptionBudgets(client, scope), loggerFactory, options);

    private static SharedInformer<T> Create<T>(IListWatch<T> listWatch, ILoggerFactory loggerFactory, InformerOptions? options)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        return new SharedInformer<T>(listWatch, options, loggerFactory.CreateLogger($"Everynode.Client.Informer.{typeof(T).Name}"));
    }
}
