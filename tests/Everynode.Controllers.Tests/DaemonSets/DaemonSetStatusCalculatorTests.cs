using Everynode.Controllers.DaemonSets;
using k8s.Models;
using static Everynode.Controllers.Tests.DaemonSets.DaemonSetTestObjects;

namespace Everynode.Controllers.Tests.DaemonSets;

public class DaemonSetStatusCalculatorTests
{
    private static DaemonSetStatusCounts Calculate(V1DaemonSet ds, IEnumerable<V1Node> nodes, params V1Pod[] pods) =>
        DaemonSetStatusCalculator.Calculate(ds, nodes, ByNode(pods), "current", Now);

    [Theory]
    [MemberData(nameof(Strategies), MemberType = typeof(DaemonSetTestObjects))]
    public void Calculate_CountsPerNode(string strategy)
    {
        var ds = NewDaemonSet(strategy: strategy);
        ds.Spec.Template.Spec.NodeSelector = new Dictionary<string, string> { ["run"] = "yes" };
        var yes = new Dictionary<string, string> { ["run"] = "yes" };
        V1Node[] nodes =
        [
            NewNode("ready", yes), NewNode("pending", yes), NewNode("empty", yes), NewNode("old", yes),
            NewNode("unselected"), NewNode("unselected-empty"),
        ];
        var unscheduled = NewPod("pending", "", ds);
        unscheduled.Spec.Affinity = DaemonPodNodeAffinity.ReplaceDaemonSetPodNodeNameNodeAffinity(null, "pending");

        var counts = Calculate(ds, nodes,
            NewPod("ready", "ready", ds, ready: true),
            unscheduled,
            NewPod("old", "old", ds, hash: "previous", ready: true),
            NewPod("stray", "unselected", ds, ready: true));

        Assert.Equal(new DaemonSetStatusCounts(
            DesiredNumberScheduled: 4, CurrentNumberScheduled: 3, NumberMisscheduled: 1, NumberReady: 2,
            UpdatedNumberScheduled: 2, NumberAvailable: 2, NumberUnavailable: 2), counts);
    }

    [Fact]
    public void Calculate_NotReadyNodeWithPod_IsMisscheduledNotDesired()
    {
        var ds = NewDaemonSet();
        var node = NewNode("n", null, Taint("node.kubernetes.io/not-ready", "NoSchedule"), Taint("node.kubernetes.io/not-ready", "NoExecute"));
        var counts = Calculate(ds, [node], NewPod("p", "n", ds, ready: true));
        Assert.Equal((0, 0, 1, 0), (counts.DesiredNumberScheduled, counts.CurrentNumberScheduled, counts.NumberMisscheduled, counts.NumberUnavailable));
    }

    [Theory]
    [InlineData(0, 0, true)]
    [InlineData(10, 9, false)]
    [InlineData(10, 10, false)]
    [InlineData(10, 11, true)]
    public void Calculate_AvailableOnlyStrictlyAfterMinReadySeconds(int minReadySeconds, int readyForSeconds, bool available)
    {
        var ds = NewDaemonSet();
        ds.Spec.MinReadySeconds = minReadySeconds;
        var counts = Calculate(ds, NewNodes(1), NewPod("p", "node-0", ds, ready: true, readyForSeconds: readyForSeconds));
        Assert.Equal(1, counts.NumberReady);
        Assert.Equal(available ? 1 : 0, counts.NumberAvailable);
        Assert.Equal(available ? 0 : 1, counts.NumberUnavailable);
        Assert.Equal(minReadySeconds > 0 && !available ? TimeSpan.FromSeconds(minReadySeconds) : null, DaemonSetStatusCalculator.RequeueAfter(ds, counts));
    }

    [Fact]
    public void Calculate_ReadyWithoutTransitionTime_IsNotAvailableWithMinReadySeconds()
    {
        var ds = NewDaemonSet();
        ds.Spec.MinReadySeconds = 5;
        var pod = NewPod("p", "node-0", ds, ready: true);
        pod.Status.Conditions[0].LastTransitionTime = null;
        Assert.Equal(0, Calculate(ds, NewNodes(1), pod).NumberAvailable);
    }

    [Fact]
    public void Calculate_DuplicatePods_CountTheFirstInKeepOrder()
    {
        var ds = NewDaemonSet();
        var counts = Calculate(ds, NewNodes(1),
            NewPod("young-ready", "node-0", ds, ageSeconds: 10, ready: true),
            NewPod("old-not-ready", "node-0", ds, hash: "previous", ageSeconds: 100));
        Assert.Equal((1, 0, 0), (counts.CurrentNumberScheduled, counts.NumberReady, counts.UpdatedNumberScheduled));
    }

    [Theory]
    [MemberData(nameof(Strategies), MemberType = typeof(DaemonSetTestObjects))]
    public void Calculate_UpdatedByHashOrTemplateGeneration(string strategy)
    {
        var ds = NewDaemonSet(strategy: strategy);
        ds.Metadata.Annotations["deprecated.daemonset.template.generation"] = "2";
        var byGeneration = NewPod("gen", "node-1", ds, hash: "previous");
        byGeneration.Metadata.Labels["pod-template-generation"] = "2";
        var oldGeneration = NewPod("old", "node-2", ds, hash: "previous");
        oldGeneration.Metadata.Labels["pod-template-generation"] = "1";

        var counts = Calculate(ds, NewNodes(3), NewPod("hash", "node-0", ds), byGeneration, oldGeneration);

        Assert.Equal(2, counts.UpdatedNumberScheduled);
    }

    [Theory]
    [InlineData("current", null, true)]
    [InlineData("", null, false)]
    [InlineData("other", 3L, false)]
    public void IsPodUpdated_EmptyHashNeverMatches(string hash, long? generation, bool expected)
    {
        var pod = NewPod("p", "n", NewDaemonSet());
        pod.Metadata.Labels["pod-template-generation"] = "2";
        if (hash.Length == 0)
        {
            pod.Metadata.Labels["controller-revision-hash"] = "";
        }

        Assert.Equal(expected, DaemonSetStatusCalculator.IsPodUpdated(pod, hash, generation));
    }

    [Fact]
    public void StatusEquals_RequiresEveryCounterAndTheObservedGeneration()
    {
        var ds = NewDaemonSet();
        var counts = new DaemonSetStatusCounts(3, 3, 0, 2, 3, 2, 1);
        var written = DaemonSetStatusCalculator.WithStatus(ds, counts, updateObservedGeneration: true);
        Assert.True(DaemonSetStatusCalculator.StatusEquals(written, counts));
        Assert.False(DaemonSetStatusCalculator.StatusEquals(written, counts with { NumberReady = 3 }));
        Assert.False(DaemonSetStatusCalculator.StatusEquals(written, counts with { NumberUnavailable = 0 }));

        written.Metadata.Generation = 2;
        Assert.False(DaemonSetStatusCalculator.StatusEquals(written, counts));
        var notObserved = DaemonSetStatusCalculator.WithStatus(written, counts, updateObservedGeneration: false);
        Assert.Equal(1, notObserved.Status.ObservedGeneration);
    }

    [Fact]
    public void WithStatus_KeepsConditionsAndCollisionCountAndDoesNotTouchTheInput()
    {
        var ds = NewDaemonSet();
        ds.Metadata.Generation = 4;
        ds.Status.CollisionCount = 2;
        ds.Status.Conditions = [new V1DaemonSetCondition { Type = "StatusUpdate", Status = "True", Reason = "E2E", Message = "Set from e2e test" }];

        var written = DaemonSetStatusCalculator.WithStatus(ds, new DaemonSetStatusCounts(1, 1, 0, 1, 1, 1, 0), updateObservedGeneration: true);

        Assert.Equal(4, written.Status.ObservedGeneration);
        Assert.Equal(2, written.Status.CollisionCount);
        Assert.Equal("StatusUpdate", Assert.Single(written.Status.Conditions).Type);
        Assert.Equal(0, ds.Status.DesiredNumberScheduled);
        Assert.Null(ds.Status.ObservedGeneration);
    }

    [Theory]
    [InlineData(0, 5, null)]
    [InlineData(10, 5, 6)]
    [InlineData(10, 30, null)]
    public void NextAvailableAfter_ReadyPodNotYetAvailable_WakesWhenItTurnsAvailable(int minReadySeconds, int readyForSeconds, int? expectedSeconds)
    {
        var ds = NewDaemonSet();
        ds.Spec.MinReadySeconds = minReadySeconds;
        var pods = new[] { NewPod("ready", "node-0", ds, ready: true, readyForSeconds: readyForSeconds), NewPod("unready", "node-1", ds) };
        Assert.Equal(expectedSeconds is { } s ? TimeSpan.FromSeconds(s) : null, DaemonSetStatusCalculator.NextAvailableAfter(ds, pods, Now));
    }
}
