using Everynode.Scheduler.Binding;
using k8s.Models;

namespace Everynode.Scheduler.Tests.Binding;

public sealed class PodScheduledConditionTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 4, 5, 6, 7, TimeSpan.Zero);

    [Fact]
    public void NotScheduled_NewFailure_StartsTheTransitionNow()
    {
        var condition = PodScheduledCondition.NotScheduled(Make.Pod("p"), "Unschedulable", "m", Now)!;

        Assert.Equal(("PodScheduled", "False", "Unschedulable", "m"), (condition.Type, condition.Status, condition.Reason, condition.Message));
        Assert.Equal(Now.UtcDateTime, condition.LastTransitionTime);
    }

    [Fact]
    public void NotScheduled_SameFailure_IsNotWrittenAgain() =>
        Assert.Null(PodScheduledCondition.NotScheduled(WithCondition("Unschedulable", "m"), "Unschedulable", "m", Now));

    [Fact]
    public void NotScheduled_OtherMessage_KeepsTheTransitionTime()
    {
        var since = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        var condition = PodScheduledCondition.NotScheduled(WithCondition("Unschedulable", "old", since), "Unschedulable", "new", Now)!;

        Assert.Equal(since, condition.LastTransitionTime);
    }

    [Fact]
    public void StatusPatch_SetsOneConditionByType()
    {
        var condition = PodScheduledCondition.NotScheduled(Make.Pod("p"), "Unschedulable", "0/1 nodes are available.", Now)!;

        Assert.Equal(
            """{"status":{"conditions":[{"type":"PodScheduled","status":"False","reason":"Unschedulable","message":"0/1 nodes are available.","lastProbeTime":null,"lastTransitionTime":"2025-03-04T05:06:07Z"}]}}""",
            PodScheduledCondition.StatusPatch(condition));
    }

    private static V1Pod WithCondition(string reason, string message, DateTime? since = null)
    {
        var pod = Make.Pod("p");
        pod.Status = new V1PodStatus
        {
            Conditions = [new V1PodCondition { Type = "PodScheduled", Status = "False", Reason = reason, Message = message, LastTransitionTime = since }],
        };
        return pod;
    }
}
