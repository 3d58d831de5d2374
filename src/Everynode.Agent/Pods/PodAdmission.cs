using System.Globalization;
using Everynode.Scheduler.Framework;
using Everynode.Scheduler.Plugins;
using k8s.Models;

namespace Everynode.Agent.Pods;

/// <summary>
/// The kubelet's admission of a pod bound to its node (upstream's predicateAdmitHandler): with the scheduler's own
/// filters, against the node's allocatable less what the already admitted, still active pods request. The first
/// failure decides, in upstream's order: resources (reason <c>OutOfcpu</c>, <c>OutOfmemory</c>, <c>OutOfpods</c>, …),
/// host ports (<c>NodePorts</c>), node selector and required node affinity (<c>NodeAffinity</c>).
/// </summary>
internal static class PodAdmission
{
    public const string NodeAffinityReason = "NodeAffinity";

    public static AdmissionResult Admit(V1Pod pod, V1Node node, IEnumerable<V1Pod> admittedActivePods)
    {
        var nodeInfo = new NodeInfo(node);
        foreach (var other in admittedActivePods)
        {
            nodeInfo.AddPod(other);
        }

        var requests = PodRequests.Compute(pod);
        var allocatable = nodeInfo.Allocatable;
        if (nodeInfo.Pods.Count + 1 > allocatable.AllowedPodNumber)
        {
            return Insufficient(ResourceNames.Pods, 1, nodeInfo.Pods.Count, allocatable.AllowedPodNumber);
        }

        var shortfalls = new List<(string Name, long Wanted, long Used, long Capacity)>
        {
            (ResourceNames.Cpu, requests.MilliCpu, nodeInfo.Requested.MilliCpu, allocatable.MilliCpu),
            (ResourceNames.Memory, requests.Memory, nodeInfo.Requested.Memory, allocatable.Memory),
            (ResourceNames.EphemeralStorage, requests.EphemeralStorage, nodeInfo.Requested.EphemeralStorage, allocatable.EphemeralStorage),
        };
        foreach (var (name, amount) in requests.ScalarResources.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            shortfalls.Add((name, amount, nodeInfo.Requested.ScalarResources.GetValueOrDefault(name), allocatable.ScalarResources.GetValueOrDefault(name)));
        }

        foreach (var (name, wanted, used, capacity) in shortfalls)
        {
            if (wanted > 0 && wanted > capacity - used)
            {
                return Insufficient(name, wanted, used, capacity);
            }
        }

        if (HostPort.Of(pod).Any(nodeInfo.UsedPorts.Conflicts))
        {
            return AdmissionResult.Reject("NodePorts", $"Predicate NodePorts failed: {NodePorts.ErrReason}");
        }

        if (!RequiredNodeAffinity.Of(pod).Match(node))
        {
            return AdmissionResult.Reject(NodeAffinityReason, $"Predicate NodeAffinity failed: {NodeAffinity.ErrReasonPod}");
        }

        return AdmissionResult.Admitted;
    }

    private static AdmissionResult Insufficient(string resource, long requested, long used, long capacity) =>
        AdmissionResult.Reject(
            "OutOf" + resource,
            string.Create(CultureInfo.InvariantCulture, $"Node didn't have enough resource: {resource}, requested: {requested}, used: {used}, capacity: {capacity}"));
}
