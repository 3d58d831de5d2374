using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Everynode.Controllers.GarbageCollector;

/// <summary><see cref="IGarbageCollectorControl"/> over the API, one typed call per resource served here.</summary>
internal sealed class KubernetesGarbageCollectorControl(IKubernetes client) : IGarbageCollectorControl
{
    public async Task<V1ObjectMeta?> GetMetadataAsync(GcResourceType type, string? ns, string name, CancellationToken ct)
    {
        try
        {
            IKubernetesObject<V1ObjectMeta> obj = type.Kind switch
            {
                "Pod" => await client.CoreV1.ReadNamespacedPodAsync(name, ns, cancellationToken: ct),
                "Node" => await client.CoreV1.ReadNodeAsync(name, cancellationToken: ct),
                "Namespace" => await client.CoreV1.ReadNamespaceAsync(name, cancellationToken: ct),
                "DaemonSet" => await client.AppsV1.ReadNamespacedDaemonSetAsync(name, ns, cancellationToken: ct),
                "Deployment" => await client.AppsV1.ReadNamespacedDeploymentAsync(name, ns, cancellationToken: ct),
                "ReplicaSet" => await client.AppsV1.ReadNamespacedReplicaSetAsync(name, ns, cancellationToken: ct),
                "ControllerRevision" => await client.AppsV1.ReadNamespacedControllerRevisionAsync(name, ns, cancellationToken: ct),
                "Lease" => await client.CoordinationV1.ReadNamespacedLeaseAsync(name, ns, cancellationToken: ct),
                _ => throw Unsupported(type),
            };
            return obj.Metadata;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public Task<WriteOutcome> DeleteAsync(GcResourceType type, string? ns, string name, string uid, string propagationPolicy, CancellationToken ct)
    {
        var body = new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = uid }, PropagationPolicy = propagationPolicy };
        return OutcomeOf(type.Kind switch
        {
            "Pod" => client.CoreV1.DeleteNamespacedPodAsync(name, ns, body, cancellationToken: ct),
            "Node" => client.CoreV1.DeleteNodeAsync(name, body, cancellationToken: ct),
            "Namespace" => client.CoreV1.DeleteNamespaceAsync(name, body, cancellationToken: ct),
            "DaemonSet" => client.AppsV1.DeleteNamespacedDaemonSetAsync(name, ns, body, cancellationToken: ct),
            "Deployment" => client.AppsV1.DeleteNamespacedDeploymentAsync(name, ns, body, cancellationToken: ct),
            "ReplicaSet" => client.AppsV1.DeleteNamespacedReplicaSetAsync(name, ns, body, cancellationToken: ct),
            "ControllerRevision" => client.AppsV1.DeleteNamespacedControllerRevisionAsync(name, ns, body, cancellationToken: ct),
            "Lease" => client.CoordinationV1.DeleteNamespacedLeaseAsync(name, ns, body, cancellationToken: ct),
            _ => throw Unsupported(type),
        });
    }

    public Task<WriteOutcome> PatchAsync(GcResourceType type, string? ns, string name, V1Patch.PatchType patchType, string body, CancellationToken ct)
    {
        var patch = new V1Patch(body, patchType);
        return OutcomeOf(type.Kind switch
        {
            "Pod" => client.CoreV1.PatchNamespacedPodAsync(patch, name, ns, cancellationToken: ct),
            "Node" => client.CoreV1.PatchNodeAsync(patch, name, cancellationToken: ct),
            "Namespace" => client.CoreV1.PatchNamespaceAsync(patch, name, cancellationToken: ct),
            "DaemonSet" => client.AppsV1.PatchNamespacedDaemonSetAsync(patch, name, ns, cancellationToken: ct),
            "Deployment" => client.AppsV1.PatchNamespacedDeploymentAsync(patch, name, ns, cancellationToken: ct),
            "ReplicaSet" => client.AppsV1.PatchNamespacedReplicaSetAsync(patch, name, ns, cancellationToken: ct),
            "ControllerRevision" => client.AppsV1.PatchNamespacedControllerRevisionAsync(patch, name, ns, cancellationToken: ct),
            "Lease" => client.CoordinationV1.PatchNamespacedLeaseAsync(patch, name, ns, cancellationToken: ct),
            _ => throw Unsupported(type),
        });
    }

    private static async Task<WriteOutcome> OutcomeOf(Task call)
    {
        try
        {
            await call;
            return WriteOutcome.Done;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return WriteOutcome.NotFound;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            return WriteOutcome.Conflict;
        }
    }

    private static NotSupportedException Unsupported(GcResourceType type) => new($"the garbage collector cannot reach kind '{type.Kind}'");
}
