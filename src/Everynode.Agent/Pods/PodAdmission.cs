using System.Globalization;
using Everynode.Api.Scheduling;
using k8s.Models;

namespace Everynode.Agent.Pods;

/// <summary>
/// The kubelet's admission of a pod bound to its node (upstream's predicateAdmitHandler): with the predicates the
/// scheduler filters with, against the node's allocatable less what the already admitted, still active pods request.
/// The first failure decides, in upstream's order: resources (reason <c>OutOfcpu</c>, <c>OutOfmemory</c>,
/// <c>OutOfpods</c>, …), host ports (<c>NodePorts</c>), node selector and required node affinity (<c>NodeAffinity</c>).
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

        if (ResourceFit.Fits(PodRequests.Compute(pod), nodeInfo) is [var first, ..])
        {
            return AdmissionResult.Reject(
                "OutOf" + first.ResourceName,
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"Node didn't have enough resource: {first.ResourceName}, requested: {first.Requested}, used: {first.Used}, capacity: {first.Capacity}"));
        }

        if (!HostPortFit.Fits(HostPort.Of(pod), nodeInfo.UsedPorts))
        {
            return AdmissionResult.Reject("NodePorts", $"Predicate NodePorts failed: {HostPortFit.ErrReason}");
        }

        if (!RequiredNodeAffinity.Of(pod).Match(node))
        {
            return AdmissionResult.Reject(NodeAffinityReason, $"Predicate NodeAffinity failed: {RequiredNodeAffinity.ErrReasonPod}");
        }

        return AdmissionResult.Admitted;
    }
}
