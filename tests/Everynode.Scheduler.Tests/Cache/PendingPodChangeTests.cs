using Everynode.Scheduler.Cache;
using k8s.Models;

namespace Everynode.Scheduler.Tests.Cache;

public sealed class PendingPodChangeTests
{
    public static TheoryData<string, Action<V1Pod>, bool> Cases => new()
    {
        { "nothing", _ => { }, false },
        { "resourceVersion", p => p.Metadata.ResourceVersion = "9", false },
        { "status", p => p.Status = new V1PodStatus { Conditions = [new V1PodCondition { Type = "PodScheduled", Status = "False" }] }, false },
        { "requests", p => p.Spec.Containers[0].Resources.Requests["cpu"] = new ResourceQuantity("2"), true },
        { "node selector", p => p.Spec.NodeSelector = new Dictionary<string, string> { ["zone"] = "z1" }, true },
        { "tolerations", p => p.Spec.Tolerations = [new V1Toleration { OperatorProperty = "Exists" }], true },
        { "labels", p => p.Metadata.Labels = new Dictionary<string, string> { ["app"] = "x" }, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void AffectsScheduling_IgnoresStatusAndResourceVersion(string what, Action<V1Pod> change, bool expected)
    {
        var old = Make.Pod("p", cpu: "1");
        var updated = Make.Pod("p", cpu: "1");
        change(updated);

        Assert.True(expected == PendingPodChange.AffectsScheduling(old, updated), what);
    }
}
