using Everynode.Controllers.Disruption;
using k8s.Models;

namespace Everynode.Controllers.Tests.Disruption;

/// <summary>Budget status arithmetic as upstream's disruption controller computes it.</summary>
public sealed class DisruptionPlannerTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly V1OwnerReference DaemonSet = new() { ApiVersion = "apps/v1", Kind = "DaemonSet", Name = "agent", Uid = "ds-uid", Controller = true };

    private static int? Scale(V1OwnerReference owner) => owner.Uid == "ds-uid" ? 4 : null;

    [Fact]
    public void IntegerMinAvailable_CountsSelectedPods_AllowsTheSurplus()
    {
        var pdb = Budget(minAvailable: "2");
        var pods = new[] { Pod("a"), Pod("b"), Pod("c"), Pod("d", ready: false) };
        var status = DisruptionPlanner.Compute(pdb, pods, Scale, Now).Status!;
        Assert.Equal((4, 2, 3, 1), (status.ExpectedPods, status.DesiredHealthy, status.CurrentHealthy, status.DisruptionsAllowed));
        Assert.Equal(1, status.ObservedGeneration);
        var condition = status.Conditions.Single();
        Assert.Equal(("DisruptionAllowed", "True", "SufficientPods"), (condition.Type, condition.Status, condition.Reason));
    }

    [Fact]
    public void MinAvailableEqualToThePods_AllowsNothing_InsufficientPods()
    {
        var status = DisruptionPlanner.Compute(Budget(minAvailable: "2"), [Pod("a"), Pod("b")], Scale, Now).Status!;
        Assert.Equal(0, status.DisruptionsAllowed);
        Assert.Equal(("False", "InsufficientPods"), (status.Conditions.Single().Status, status.Conditions.Single().Reason));
    }

    [Fact]
    public void MaxUnavailable_UsesTheDaemonSetsDesiredNumberScheduledAsScale()
    {
        var pods = new[] { Pod("a", owner: DaemonSet), Pod("b", owner: DaemonSet), Pod("c", owner: DaemonSet) };
        var status = DisruptionPlanner.Compute(Budget(maxUnavailable: "1"), pods, Scale, Now).Status!;
        Assert.Equal((4, 3, 3, 0), (status.ExpectedPods, status.DesiredHealthy, status.CurrentHealthy, status.DisruptionsAllowed));
    }

    [Fact]
    public void PercentMinAvailable_RoundsUp()
    {
        var pods = new[] { Pod("a", owner: DaemonSet), Pod("b", owner: DaemonSet), Pod("c", owner: DaemonSet), Pod("d", owner: DaemonSet) };
        var status = DisruptionPlanner.Compute(Budget(minAvailable: "60%"), pods, Scale, Now).Status!;
        Assert.Equal((4, 3, 1), (status.ExpectedPods, status.DesiredHealthy, status.DisruptionsAllowed));
    }

    [Fact]
    public void MaxUnavailable_PodWithUnknownController_Fails()
    {
        var other = new V1OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = "rs", Uid = "rs-uid", Controller = true };
        var e = Assert.Throws<ExpectedPodCountException>(() => DisruptionPlanner.Compute(Budget(maxUnavailable: "1"), [Pod("a", owner: other)], Scale, Now));
        Assert.Equal("found no controllers for pod \"a\"", e.Message);
    }

    [Fact]
    public void MaxUnavailable_BarePods_AreUnmanaged()
    {
        var result = DisruptionPlanner.Compute(Budget(maxUnavailable: "1"), [Pod("a")], Scale, Now);
        Assert.True(result.HasUnmanagedPods);
        Assert.Equal((0, 0), (result.Status!.ExpectedPods, result.Status.DisruptionsAllowed));
    }

    [Fact]
    public void DisruptedPods_RecentEvictionsCountAsGone_OldOnesAreDropped_RecheckAtTheFirstExpiry()
    {
        var pdb = Budget(minAvailable: "1");
        pdb.Status = new V1PodDisruptionBudgetStatus
        {
            DisruptedPods = new Dictionary<string, DateTime?>
            {
                ["a"] = Now.UtcDateTime.AddSeconds(-30),
                ["b"] = Now.UtcDateTime.AddMinutes(-3),
                ["gone"] = Now.UtcDateTime.AddSeconds(-10),
            },
        };
        var result = DisruptionPlanner.Compute(pdb, [Pod("a"), Pod("b"), Pod("c")], Scale, Now);
        Assert.Equal(["a"], result.Status!.DisruptedPods.Keys);
        Assert.Equal(2, result.Status.CurrentHealthy);
        Assert.Equal(1, result.Status.DisruptionsAllowed);
        Assert.Equal(Now.AddSeconds(90), result.RecheckAt);
        Assert.Equal(["b"], result.NotDeleted.Select(p => p.Metadata.Name));
    }

    [Fact]
    public void TerminatingPods_AreNotHealthy()
    {
        var deleting = Pod("b");
        deleting.Metadata.DeletionTimestamp = Now.UtcDateTime;
        var status = DisruptionPlanner.Compute(Budget(minAvailable: "1"), [Pod("a"), deleting], Scale, Now).Status!;
        Assert.Equal((2, 1, 0), (status.ExpectedPods, status.CurrentHealthy, status.DisruptionsAllowed));
    }

    [Fact]
    public void StatusAlreadyRight_NothingToWrite()
    {
        var pdb = Budget(minAvailable: "1");
        var first = DisruptionPlanner.Compute(pdb, [Pod("a"), Pod("b")], Scale, Now).Status!;
        pdb.Status = first;
        Assert.Null(DisruptionPlanner.Compute(pdb, [Pod("a"), Pod("b")], Scale, Now.AddMinutes(1)).Status);
    }

    [Fact]
    public void SelectPods_NilSelectsNothing_EmptySelectsEverything()
    {
        var pods = new[] { Pod("a"), Pod("b") };
        var nil = Budget(minAvailable: "1");
        nil.Spec.Selector = null;
        Assert.Empty(DisruptionPlanner.SelectPods(nil, pods));
        var empty = Budget(minAvailable: "1");
        empty.Spec.Selector = new V1LabelSelector();
        Assert.Equal(2, DisruptionPlanner.SelectPods(empty, pods).Count);
    }

    private static V1PodDisruptionBudget Budget(string? minAvailable = null, string? maxUnavailable = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = "budget", NamespaceProperty = "default", Generation = 1 },
        Spec = new V1PodDisruptionBudgetSpec
        {
            MinAvailable = minAvailable is null ? null : (IntOrString)minAvailable,
            MaxUnavailable = maxUnavailable is null ? null : (IntOrString)maxUnavailable,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
        },
    };

    private static V1Pod Pod(string name, bool ready = true, V1OwnerReference? owner = null) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = "default",
            Labels = new Dictionary<string, string> { ["app"] = "web" },
            OwnerReferences = owner is null ? null : [owner],
        },
        Status = new V1PodStatus { Phase = "Running", Conditions = [new V1PodCondition { Type = "Ready", Status = ready ? "True" : "False" }] },
    };
}
