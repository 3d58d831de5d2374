using Everynode.Controllers.DaemonSets;
using Everynode.Controllers.Shared;
using k8s.Models;
using static Everynode.Controllers.Tests.DaemonSets.DaemonSetTestObjects;

namespace Everynode.Controllers.Tests.DaemonSets;

public class DaemonSetHistoryTests
{
    private static V1ControllerRevision RevisionOf(string image, long number, string? name = null)
    {
        var ds = NewDaemonSet();
        ds.Spec.Template.Spec.Containers[0].Image = image;
        var revision = DaemonSetHistory.NewControllerRevision(ds, number);
        if (name is not null)
        {
            revision.Metadata.Name = name;
            revision.Metadata.Labels["controller-revision-hash"] = name;
        }

        return revision;
    }

    private static V1DaemonSet WithImage(string image, string strategy = "RollingUpdate")
    {
        var ds = NewDaemonSet(strategy: strategy);
        ds.Spec.Template.Spec.Containers[0].Image = image;
        return ds;
    }

    [Theory]
    [MemberData(nameof(Strategies), MemberType = typeof(DaemonSetTestObjects))]
    public void ConstructHistory_NoRevisions_CreatesRevisionOne(string strategy)
    {
        var ds = WithImage("v1", strategy);
        var plan = DaemonSetHistory.ConstructHistory(ds, [], []);

        Assert.True(plan.CreateCurrent);
        Assert.Equal(1, plan.Current.Revision);
        Assert.Equal(ControllerRevisionHash.ComputeHash(ds.Spec.Template, null), plan.CurrentHash);
        Assert.Empty(plan.Old);
    }

    [Theory]
    [MemberData(nameof(Strategies), MemberType = typeof(DaemonSetTestObjects))]
    public void ConstructHistory_TemplateChanged_CreatesNextRevision(string strategy)
    {
        var plan = DaemonSetHistory.ConstructHistory(WithImage("v3", strategy), [RevisionOf("v1", 1), RevisionOf("v2", 2)], []);

        Assert.True(plan.CreateCurrent);
        Assert.Equal(3, plan.NextRevision);
        Assert.Equal(3, plan.Current.Revision);
        Assert.Equal(2, plan.Old.Count);
    }

    [Fact]
    public void ConstructHistory_CurrentUpToDate_ChangesNothing()
    {
        var current = RevisionOf("v2", 2);
        var plan = DaemonSetHistory.ConstructHistory(WithImage("v2"), [RevisionOf("v1", 1), current], []);

        Assert.False(plan.CreateCurrent || plan.UpdateCurrentRevision);
        Assert.Same(current, plan.Current);
        Assert.Empty(plan.DuplicatesToDelete);
        Assert.Empty(plan.RevisionsToLabel);
    }

    [Fact]
    public void ConstructHistory_Rollback_ReusesTheOldRevisionWithANewNumber()
    {
        // A(1) → B(2) → back to A: A's revision object becomes revision 3, so pods with A's hash stay updated.
        var a = RevisionOf("A", 1);
        var plan = DaemonSetHistory.ConstructHistory(WithImage("A"), [a, RevisionOf("B", 2)], []);

        Assert.False(plan.CreateCurrent);
        Assert.True(plan.UpdateCurrentRevision);
        Assert.Equal(3, plan.Current.Revision);
        Assert.Equal(a.Metadata.Name, plan.Current.Metadata.Name);
        Assert.Equal(1, a.Revision);
    }

    [Fact]
    public void ConstructHistory_DuplicateCurrent_KeepsHighestAndRelabelsPods()
    {
        var ds = WithImage("v2");
        var low = RevisionOf("v2", 2, name: "foo-low");
        var high = RevisionOf("v2", 5, name: "foo-high");
        var tie = RevisionOf("v2", 5, name: "foo-tie");
        V1Pod[] pods = [NewPod("p1", "n1", ds, hash: "foo-tie"), NewPod("p2", "n2", ds, hash: "foo-low")];

        var plan = DaemonSetHistory.ConstructHistory(ds, [low, high, tie, RevisionOf("v1", 1)], pods);

        Assert.Equal("foo-tie", plan.Current.Metadata.Name);
        Assert.Equal(["foo-low", "foo-high"], plan.DuplicatesToDelete);
        Assert.Equal(["p2"], plan.PodsToRelabel);
        Assert.Equal("foo-tie", plan.CurrentHash);
        Assert.False(plan.UpdateCurrentRevision);
    }

    [Fact]
    public void ConstructHistory_RevisionWithoutHashLabel_IsLabelledWithItsName()
    {
        var unlabelled = RevisionOf("v1", 1, name: "legacy");
        unlabelled.Metadata.Labels.Remove("controller-revision-hash");

        var plan = DaemonSetHistory.ConstructHistory(WithImage("v1"), [unlabelled], []);

        var labelled = Assert.Single(plan.RevisionsToLabel);
        Assert.Equal("legacy", labelled.Metadata.Labels["controller-revision-hash"]);
        Assert.Equal("legacy", plan.CurrentHash);
        Assert.False(unlabelled.Metadata.Labels.ContainsKey("controller-revision-hash"));
    }

    [Fact]
    public void IsHashCollision_OnlyWhenTheExistingRevisionDiffers()
    {
        var ds = WithImage("v1");
        Assert.False(DaemonSetHistory.IsHashCollision(ds, RevisionOf("v1", 1)));
        Assert.True(DaemonSetHistory.IsHashCollision(ds, RevisionOf("other", 1)));
    }

    [Theory]
    [MemberData(nameof(Strategies), MemberType = typeof(DaemonSetTestObjects))]
    public void CleanupHistory_DeletesOldestBeyondTheLimitSkippingLiveHashes(string strategy)
    {
        var ds = WithImage("v6", strategy);
        ds.Spec.RevisionHistoryLimit = 2;
        var old = Enumerable.Range(1, 5).Select(i => RevisionOf($"v{i}", i, name: $"r{i}")).Reverse().ToList();
        var terminalDeleting = NewPod("done", "n2", ds, hash: "r2", phase: "Succeeded");
        terminalDeleting.Metadata.DeletionTimestamp = T0;

        var toDelete = DaemonSetHistory.CleanupHistory(ds, old, [NewPod("live", "n1", ds, hash: "r1"), terminalDeleting]);

        Assert.Equal(["r3", "r4", "r5"], toDelete);
    }

    [Fact]
    public void CleanupHistory_WithinTheLimit_DeletesNothing()
    {
        var ds = WithImage("v3");
        ds.Spec.RevisionHistoryLimit = 2;
        Assert.Empty(DaemonSetHistory.CleanupHistory(ds, [RevisionOf("v1", 1), RevisionOf("v2", 2)], []));
    }

    [Fact]
    public void CleanupHistory_LimitZero_KeepsOnlyLiveOnes()
    {
        var ds = WithImage("v3");
        ds.Spec.RevisionHistoryLimit = 0;
        var toDelete = DaemonSetHistory.CleanupHistory(ds, [RevisionOf("v1", 1, "r1"), RevisionOf("v2", 2, "r2")], [NewPod("p", "n", ds, hash: "r2")]);
        Assert.Equal(["r1"], toDelete);
    }
}
