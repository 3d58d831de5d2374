using Everynode.Controllers.DaemonSets;
using k8s.Models;
using static Everynode.Controllers.Tests.DaemonSets.DaemonSetTestObjects;

namespace Everynode.Controllers.Tests.DaemonSets;

/// <summary>
/// Table tests of <see cref="DaemonSetRollingUpdate.Plan"/>. Each node is written as the pods it holds, one letter
/// a pod: <c>O</c> old and available, <c>o</c> old and not available, <c>N</c> new and available, <c>n</c> new and
/// not available, <c>d</c> an old pod being deleted; an empty string is a node with no pod. Pods are named
/// <c>node-i-old</c>, <c>node-i-new</c> (a second one of a kind gets a <c>2</c>).
/// </summary>
public sealed class DaemonSetRollingUpdateTests
{
    private const string Hash = "current";

    public static TheoryData<string, string, string[], string[], string[]> ClassicCases => new()
    {
        // name, maxUnavailable, nodes, expected deletes, expected creates
        { "one at a time", "1", ["O", "O", "O", "O", "O"], ["node-0-old"], [] },
        { "integer budget", "2", ["O", "O", "O", "O", "O"], ["node-0-old", "node-1-old"], [] },
        { "percent of desired rounds up", "50%", ["O", "O", "O", "O", "O"], ["node-0-old", "node-1-old", "node-2-old"], [] },
        { "small percent still allows one", "1%", ["O", "O", "O"], ["node-0-old"], [] },
        { "unavailable new pod uses the budget", "1", ["n", "O", "O"], [], [] },
        { "available new pod frees the budget", "1", ["N", "O", "O"], ["node-1-old"], [] },
        { "unavailable old pod is always replaced", "1", ["o", "O", "O"], ["node-0-old"], [] },
        { "every unavailable old pod is replaced, beyond the budget", "1", ["o", "o", "O"], ["node-0-old", "node-1-old"], [] },
        { "node without a pod counts as unavailable", "1", ["", "O", "O"], [], [] },
        { "old and new together count as unavailable", "1", ["ON", "O"], [], [] },
        { "excess pods count as unavailable", "1", ["NN", "O"], [], [] },
        { "a deleting pod counts for nothing: its node is unavailable", "1", ["d", "O"], [], [] },
        { "a deleting pod beside an available new pod is ignored", "1", ["dN", "O"], ["node-1-old"], [] },
        { "budget left after unavailable nodes", "2", ["n", "O", "O"], ["node-1-old"], [] },
        { "done: nothing to do", "1", ["N", "N", "N"], [], [] },
    };

    public static TheoryData<string, string, string[], string[], string[]> SurgeCases => new()
    {
        // name, maxSurge, nodes, expected deletes, expected creates
        { "surge one node", "1", ["O", "O", "O"], [], ["node-0"] },
        { "surge budget in flight", "1", ["On", "O", "O"], [], [] },
        { "new available: old deleted and the next node surges", "1", ["ON", "O", "O"], ["node-0-old"], ["node-1"] },
        { "unavailable old pod gets its new pod at once, beyond the budget", "1", ["o", "O", "O"], [], ["node-0", "node-1"] },
        { "unavailable old pods all replaced even with the budget spent", "1", ["On", "o", "o"], [], ["node-1", "node-2"] },
        { "percent of desired rounds up", "20%", ["O", "O", "O", "O", "O", "O", "O", "O", "O", "O", "O"], [], ["node-0", "node-1", "node-10"] },
        { "excess pods count as surging", "1", ["NN", "O"], [], [] },
        { "only new pods: nothing to do", "1", ["N", "n"], [], [] },
        { "node without a pod is left to manage", "1", ["", "N"], [], [] },
        { "a new pod alone is not surging, even while unavailable", "1", ["dn", "O"], [], ["node-1"] },
        { "two nodes surging at once", "2", ["On", "O", "O", "O"], [], ["node-1"] },
    };

    [Theory]
    [MemberData(nameof(ClassicCases))]
    public void Classic_DeletesWithinMaxUnavailable(string name, string maxUnavailable, string[] nodes, string[] deletes, string[] creates)
    {
        var ds = RollingDaemonSet(maxUnavailable: maxUnavailable, maxSurge: "0");
        var plan = Plan(ds, nodes);
        Assert.True(deletes.SequenceEqual(plan.PodsToDelete), $"{name}: deletes [{string.Join(", ", plan.PodsToDelete)}]");
        Assert.True(creates.SequenceEqual(plan.NodesToCreate), $"{name}: creates [{string.Join(", ", plan.NodesToCreate)}]");
        Assert.Equal(0, plan.MaxSurge);
    }

    [Theory]
    [MemberData(nameof(SurgeCases))]
    public void Surge_CreatesFirstAndDeletesOnceAvailable(string name, string maxSurge, string[] nodes, string[] deletes, string[] creates)
    {
        var ds = RollingDaemonSet(maxUnavailable: "0", maxSurge: maxSurge);
        var plan = Plan(ds, nodes);
        Assert.True(deletes.SequenceEqual(plan.PodsToDelete), $"{name}: deletes [{string.Join(", ", plan.PodsToDelete)}]");
        Assert.True(creates.SequenceEqual(plan.NodesToCreate), $"{name}: creates [{string.Join(", ", plan.NodesToCreate)}]");
        Assert.Equal(0, plan.MaxUnavailable);
    }

    [Theory]
    [InlineData("0", "0", 5, 0, 1)]
    [InlineData("1", "0", 5, 0, 1)]
    [InlineData("30%", "0", 5, 0, 2)]
    [InlineData("100%", "0", 5, 0, 5)]
    [InlineData("0", "1", 5, 1, 0)]
    [InlineData("0", "25%", 5, 2, 0)]
    [InlineData("0", "0", 0, 0, 0)]
    public void UpdatedDesiredNodeCounts_ScalesToDesiredNodesRoundingUp(string maxUnavailable, string maxSurge, int nodes, int expectedSurge, int expectedUnavailable)
    {
        var ds = RollingDaemonSet(maxUnavailable, maxSurge);
        var counts = DaemonSetRollingUpdate.UpdatedDesiredNodeCounts(ds, NewNodes(nodes), ByNode());
        Assert.Equal((expectedSurge, expectedUnavailable, nodes), (counts.MaxSurge, counts.MaxUnavailable, counts.DesiredNumberScheduled));
        Assert.Equal(nodes, counts.NodesWithoutPods.Count);
    }

    [Fact]
    public void UpdatedDesiredNodeCounts_OnlyNodesThatShouldRunCount()
    {
        var ds = RollingDaemonSet("50%", "0");
        var nodes = new List<V1Node>(NewNodes(3)) { NewNode("tainted", null, Taint("dedicated", "NoSchedule")) };
        var counts = DaemonSetRollingUpdate.UpdatedDesiredNodeCounts(ds, nodes, ByNode());
        Assert.Equal((3, 2), (counts.DesiredNumberScheduled, counts.MaxUnavailable));
    }

    [Fact]
    public void UpdatedDesiredNodeCounts_UnparseableValue_Throws()
    {
        var ds = RollingDaemonSet("lots", "0");
        Assert.Throws<InvalidOperationException>(() => DaemonSetRollingUpdate.UpdatedDesiredNodeCounts(ds, NewNodes(1), ByNode()));
    }

    [Theory]
    [InlineData(5, false)]
    [InlineData(10, false)]
    [InlineData(11, true)]
    public void Classic_NewPodCountsAsAvailableOnlyAfterMinReadySeconds(int readyForSeconds, bool nextOldPodGoes)
    {
        var ds = RollingDaemonSet("1", "0");
        ds.Spec.MinReadySeconds = 10;
        var pods = new[] { NewPod("node-0-new", "node-0", ds, Hash, ready: true, readyForSeconds: readyForSeconds), OldPod(ds, "node-1", available: true) };
        var plan = DaemonSetRollingUpdate.Plan(ds, NewNodes(2), ByNode(pods), Hash, Now);
        Assert.Equal(nextOldPodGoes ? ["node-1-old"] : [], plan.PodsToDelete);
    }

    [Theory]
    [InlineData(5, false)]
    [InlineData(11, true)]
    public void Surge_OldPodGoesOnlyOnceTheNewOneIsAvailableAfterMinReadySeconds(int readyForSeconds, bool oldGoes)
    {
        var ds = RollingDaemonSet("0", "1");
        ds.Spec.MinReadySeconds = 10;
        var pods = new[] { OldPod(ds, "node-0", available: true), NewPod("node-0-new", "node-0", ds, Hash, ready: true, readyForSeconds: readyForSeconds) };
        var plan = DaemonSetRollingUpdate.Plan(ds, NewNodes(1), ByNode(pods), Hash, Now);
        Assert.Equal(oldGoes ? ["node-0-old"] : [], plan.PodsToDelete);
    }

    [Fact]
    public void Classic_OldPodOnNodeThatShouldNoLongerRun_IsACandidateOutsideDesired()
    {
        // A NoSchedule taint stops new pods but lets the old one keep running (shouldRun false, continue true).
        var ds = RollingDaemonSet("1", "0");
        var nodes = new List<V1Node> { NewNode("node-0"), NewNode("node-1", null, Taint("dedicated", "NoSchedule")) };
        var plan = DaemonSetRollingUpdate.Plan(ds, nodes, ByNode(NewPod("node-0-new", "node-0", ds, Hash, ready: true), OldPod(ds, "node-1", available: true)), Hash, Now);
        Assert.Equal(["node-1-old"], plan.PodsToDelete);
        Assert.Equal(1, plan.DesiredNumberScheduled);
    }

    [Theory]
    [InlineData(true, new[] { "node-2-old" })]
    [InlineData(false, new string[0])]
    public void Surge_AvailableOldPodOnNodeThatShouldNoLongerRun_GoesOnlyWhileMoreThanDesiredAreAvailable(bool othersAvailable, string[] deletes)
    {
        var ds = RollingDaemonSet("0", "1");
        var nodes = new List<V1Node>(NewNodes(2)) { NewNode("node-2", null, Taint("dedicated", "NoSchedule")) };
        var pods = new[]
        {
            NewPod("node-0-new", "node-0", ds, Hash, ready: othersAvailable),
            NewPod("node-1-new", "node-1", ds, Hash, ready: true),
            OldPod(ds, "node-2", available: true),
        };
        var plan = DaemonSetRollingUpdate.Plan(ds, nodes, ByNode(pods), Hash, Now);
        Assert.Equal(deletes, plan.PodsToDelete);
        Assert.Empty(plan.NodesToCreate);
    }

    [Fact]
    public void Surge_UnavailableOldPodOnNodeThatShouldNoLongerRun_IsDeleted()
    {
        var ds = RollingDaemonSet("0", "1");
        var nodes = new List<V1Node> { NewNode("node-0"), NewNode("node-1", null, Taint("dedicated", "NoSchedule")) };
        var plan = DaemonSetRollingUpdate.Plan(ds, nodes, ByNode(NewPod("node-0-new", "node-0", ds, Hash, ready: true), OldPod(ds, "node-1", available: false)), Hash, Now);
        Assert.Equal(["node-1-old"], plan.PodsToDelete);
        Assert.Empty(plan.NodesToCreate);
    }

    [Fact]
    public void Surge_OldPodOnVanishedNode_IsTreatedAsShouldNotRun()
    {
        var ds = RollingDaemonSet("0", "1");
        var plan = DaemonSetRollingUpdate.Plan(ds, NewNodes(1), ByNode(NewPod("node-0-new", "node-0", ds, Hash, ready: true), OldPod(ds, "gone", available: false)), Hash, Now);
        Assert.Equal(["gone-old"], plan.PodsToDelete);
    }

    [Fact]
    public void Plan_PodsCarryingTheTemplateGenerationCountAsUpdated()
    {
        // Pods from before ControllerRevisions are recognised by pod-template-generation, as upstream does.
        var ds = RollingDaemonSet("1", "0");
        var legacy = OldPod(ds, "node-0", available: true);
        legacy.Metadata.Labels["pod-template-generation"] = "2";
        var plan = DaemonSetRollingUpdate.Plan(ds, NewNodes(1), ByNode(legacy), Hash, Now);
        Assert.Empty(plan.PodsToDelete);
        Assert.Equal(0, plan.OldPodsRemaining);
    }

    [Fact]
    public void Plan_CountsNodesStillHoldingOldPods()
    {
        var ds = RollingDaemonSet("1", "0");
        Assert.Equal(2, Plan(ds, ["O", "o", "N", "dN", ""]).OldPodsRemaining);
    }

    [Fact]
    public void FindUpdatedPodsOnNode_TwoOfAKind_IsNotOk()
    {
        var ds = RollingDaemonSet("1", "0");
        Assert.False(DaemonSetRollingUpdate.FindUpdatedPodsOnNode(ds, [OldPod(ds, "n", true), OldPod(ds, "n", false)], Hash).Ok);
        var (newPod, oldPod, ok) = DaemonSetRollingUpdate.FindUpdatedPodsOnNode(ds, [OldPod(ds, "n", true), NewPod("x", "n", ds, Hash)], Hash);
        Assert.True(ok);
        Assert.Equal(("x", "n-old"), (newPod!.Metadata.Name, oldPod!.Metadata.Name));
    }

    private static V1DaemonSet RollingDaemonSet(string maxUnavailable, string maxSurge)
    {
        var ds = NewDaemonSet();
        ds.Spec.UpdateStrategy.RollingUpdate = new V1RollingUpdateDaemonSet { MaxUnavailable = maxUnavailable, MaxSurge = maxSurge };

        // The DaemonSet's template generation has moved on: old pods carry generation 1, it is at 2.
        ds.Metadata.Annotations["deprecated.daemonset.template.generation"] = "2";
        return ds;
    }

    private static V1Pod OldPod(V1DaemonSet ds, string node, bool available, string suffix = "") =>
        NewPod($"{node}-old{suffix}", node, ds, "previous", ready: available);

    private static RollingUpdatePlan Plan(V1DaemonSet ds, string[] nodes)
    {
        var pods = new List<V1Pod>();
        for (var i = 0; i < nodes.Length; i++)
        {
            var node = $"node-{i}";
            int olds = 0, news = 0;
            foreach (var c in nodes[i])
            {
                var pod = c switch
                {
                    'O' or 'o' or 'd' => OldPod(ds, node, c == 'O' || c == 'd', olds++ == 0 ? "" : "2"),
                    _ => NewPod($"{node}-new{(news++ == 0 ? "" : "2")}", node, ds, Hash, ready: c == 'N'),
                };
                if (c == 'd')
                {
                    pod.Metadata.DeletionTimestamp = Now.UtcDateTime;
                }

                pods.Add(pod);
            }
        }

        return DaemonSetRollingUpdate.Plan(ds, NewNodes(nodes.Length), ByNode([.. pods]), Hash, Now);
    }
}
