using Everynode.Scheduler.Cache;
using k8s.Models;

namespace Everynode.Scheduler.Tests.Cache;

public sealed class NodeSchedulingPropertiesTests
{
    public static TheoryData<string, Action<V1Node>, bool> Cases => new()
    {
        { "nothing", _ => { }, false },
        { "heartbeat", n => n.Status.Conditions[0].LastHeartbeatTime = new DateTime(2025, 1, 2, 0, 0, 0, DateTimeKind.Utc), false },
        { "annotation", n => n.Metadata.Annotations = new Dictionary<string, string> { ["a"] = "b" }, false },
        { "label", n => n.Metadata.Labels["zone"] = "z1", true },
        { "cordoned", n => n.Spec.Unschedulable = true, true },
        { "taint", n => n.Spec.Taints = [new V1Taint { Key = "k", Effect = "NoSchedule" }], true },
        { "allocatable", n => n.Status.Allocatable["cpu"] = new ResourceQuantity("8"), true },
        { "same allocatable, other spelling", n => n.Status.Allocatable["cpu"] = new ResourceQuantity("4000m"), false },
        { "not ready", n => n.Status.Conditions[0].Status = "False", true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Changed_ComparesOnlyWhatFiltersRead(string what, Action<V1Node> change, bool expected)
    {
        var old = Node();
        var updated = Node();
        change(updated);

        Assert.True(expected == NodeSchedulingProperties.Changed(old, updated), what);
    }

    private static V1Node Node() => Make.Node("node-a", cpu: "4", change: n => n.Status.Conditions =
        [new V1NodeCondition { Type = "Ready", Status = "True", LastHeartbeatTime = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc) }]);
}
