using Everynode.Api.Models;
using Everynode.Client.Informers;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Everynode.Agent.Node;

/// <summary>
/// The node heartbeat: a Lease named after the node in <c>kube-node-lease</c>, renewed every
/// <see cref="AgentOptions.LeaseRenewInterval"/> (upstream: 10 s, lease duration 40 s), owned by the Node so the
/// garbage collector removes it with the Node. The namespace is created when it is missing. As upstream, the owner
/// is looked up with a GET of the Node whenever the Lease has none: a Node deleted while the agent runs leaves a Lease
/// without an owner, rather than one pointing at the gone Node's uid that the garbage collector deletes again and again.
/// </summary>
internal sealed class NodeLeaseController
{
    public const string LeaseNamespace = "kube-node-lease";
    public const int LeaseDurationSeconds = 40;

    private readonly IKubernetes _client;
    private readonly AgentOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private V1Lease? _lease;
    private Func<V1Node?>? _registeredNode;

    /// <param name="registeredNode">The Node as just registered: the first Lease takes its owner from it without a
    /// GET (a fleet of simulated nodes saves one request per node); later ones read the Node live.</param>
    public NodeLeaseController(IKubernetes client, AgentOptions options, ILogger logger, Func<V1Node?>? registeredNode = null)
    {
        _client = client;
        _options = options;
        _registeredNode = registeredNode;
        _logger = logger;
        _time = options.TimeProvider;
    }

    /// <summary>When the lease was last renewed successfully.</summary>
    public DateTimeOffset? LastRenewed { get; private set; }

    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await RenewAsync(ct);
            }
            catch (Exception e) when (ApiCalls.IsTransient(e))
            {
                _lease = null;
                _logger.LogWarning("Failed to renew the node lease of {Node}: {Error}", _options.NodeName, e.Message);
            }

            await Task.Delay(_options.LeaseRenewInterval, _time, ct);
        }
    }

    /// <summary>Renews (or creates) the lease once.</summary>
    public async Task RenewAsync(CancellationToken ct)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        if (_lease is null)
        {
            try
            {
                _lease = ManagedFields.Drop(await _client.CoordinationV1.ReadNamespacedLeaseAsync(_options.NodeName, LeaseNamespace, cancellationToken: ct));
            }
            catch (Exception e) when (ApiCalls.IsNotFound(e))
            {
                _lease = ManagedFields.Drop(await CreateAsync(now, ct));
                LastRenewed = now;
                return;
            }
        }

        var lease = ModelCopy.Clone(_lease);
        lease.Spec ??= new V1LeaseSpec();
        lease.Spec.HolderIdentity = _options.NodeName;
        lease.Spec.LeaseDurationSeconds = LeaseDurationSeconds;
        lease.Spec.RenewTime = now;
        if ((lease.Metadata.OwnerReferences is null || lease.Metadata.OwnerReferences.Count == 0) && await OwnerReferenceAsync(ct) is { } owner)
        {
            lease.Metadata.OwnerReferences = [owner];
        }

        try
        {
            _lease = ManagedFields.Drop(await _client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, _options.NodeName, LeaseNamespace, cancellationToken: ct));
            LastRenewed = now;
        }
        catch (Exception e) when (ApiCalls.IsConflict(e) || ApiCalls.IsNotFound(e))
        {
            _lease = null; // Read it again on the next round.
            throw;
        }
    }

    private async Task<V1Lease> CreateAsync(DateTime now, CancellationToken ct)
    {
        var owner = await OwnerReferenceAsync(ct);
        var lease = new V1Lease
        {
            ApiVersion = "coordination.k8s.io/v1",
            Kind = "Lease",
            Metadata = new V1ObjectMeta
            {
                Name = _options.NodeName,
                NamespaceProperty = LeaseNamespace,
                OwnerReferences = owner is null ? null : [owner],
            },
            Spec = new V1LeaseSpec { HolderIdentity = _options.NodeName, LeaseDurationSeconds = LeaseDurationSeconds, RenewTime = now },
        };
        try
        {
            return await _client.CoordinationV1.CreateNamespacedLeaseAsync(lease, LeaseNamespace, cancellationToken: ct);
        }
        catch (Exception e) when (ApiCalls.IsNotFound(e))
        {
            await EnsureNamespaceAsync(ct);
            return await _client.CoordinationV1.CreateNamespacedLeaseAsync(lease, LeaseNamespace, cancellationToken: ct);
        }
    }

    private async Task EnsureNamespaceAsync(CancellationToken ct)
    {
        try
        {
            await _client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = LeaseNamespace } }, cancellationToken: ct);
        }
        catch (Exception e) when (ApiCalls.IsConflict(e))
        {
        }
    }

    /// <summary>The Node as the owner, read live (a cached copy may be of a Node since deleted); null when it is gone.</summary>
    private async Task<V1OwnerReference?> OwnerReferenceAsync(CancellationToken ct)
    {
        var registered = _registeredNode?.Invoke();
        _registeredNode = null;
        if (registered is { Metadata.Uid: { Length: > 0 } uid })
        {
            return new V1OwnerReference { ApiVersion = "v1", Kind = "Node", Name = registered.Metadata.Name, Uid = uid };
        }

        try
        {
            var node = await _client.CoreV1.ReadNodeAsync(_options.NodeName, cancellationToken: ct);
            return new V1OwnerReference { ApiVersion = "v1", Kind = "Node", Name = node.Metadata.Name, Uid = node.Metadata.Uid };
        }
        catch (Exception e) when (ApiCalls.IsNotFound(e))
        {
            return null;
        }
    }
}
