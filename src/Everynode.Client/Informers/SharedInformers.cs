using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Everynode.Client.Informers;

/// <summary>
/// One cluster-wide informer per resource, shared by every controller in a process (kube-controller-manager's shared
/// informer factory). Components ask for the informers they need before <see cref="RunAsync"/>; each is created once,
/// with <paramref name="options"/> (null: the defaults).
/// </summary>
public sealed class SharedInformers(IKubernetes client, ILoggerFactory loggerFactory, InformerOptions? options = null)
{
    private readonly Dictionary<Type, IInformer> _informers = [];
    private readonly Lock _lock = new();
    private bool _started;

    public IKubernetes Client => client;

    public SharedInformer<V1Pod> Pods => Get(() => InformerFactory.Pods(client, loggerFactory, options: options));

    public SharedInformer<V1Node> Nodes => Get(() => InformerFactory.Nodes(client, loggerFactory, options: options));

    public SharedInformer<V1Namespace> Namespaces => Get(() => InformerFactory.Namespaces(client, loggerFactory, options: options));

    public SharedInformer<V1DaemonSet> DaemonSets => Get(() => InformerFactory.DaemonSets(client, loggerFactory, options: options));

    public SharedInformer<V1ControllerRevision> ControllerRevisions => Get(() => InformerFactory.ControllerRevisions(client, loggerFactory, options: options));

    public SharedInformer<V1Deployment> Deployments => Get(() => InformerFactory.Deployments(client, loggerFactory, options: options));

    public SharedInformer<V1ReplicaSet> ReplicaSets => Get(() => InformerFactory.ReplicaSets(client, loggerFactory, options: options));

    public SharedInformer<V1Lease> Leases => Get(() => InformerFactory.Leases(client, loggerFactory, options: options));

    public SharedInformer<V1PodDisruptionBudget> PodDisruptionBudgets => Get(() => InformerFactory.PodDisruptionBudgets(client, loggerFactory, options: options));

    /// <summary>Runs every informer asked for so far until cancelled; fails if any informer fails.</summary>
    public Task RunAsync(CancellationToken ct)
    {
        IInformer[] all;
        lock (_lock)
        {
            _started = true;
            all = [.. _informers.Values];
        }

        return Task.WhenAll(all.Select(i => i.RunAsync(ct)));
    }

    private SharedInformer<T> Get<T>(Func<SharedInformer<T>> create)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        lock (_lock)
        {
            if (_informers.TryGetValue(typeof(T), out var existing))
            {
                return (SharedInformer<T>)existing;
            }

            if (_started)
            {
                throw new InvalidOperationException($"the informer for {typeof(T).Name} was asked for after the shared informers started");
            }

            var informer = create();
            _informers[typeof(T)] = informer;
            return informer;
        }
    }
}
