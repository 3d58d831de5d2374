using Everynode.Api.Selectors;
using Everynode.Controllers.Shared;
using k8s.Models;
using static Everynode.Controllers.Tests.DaemonSets.DaemonSetTestObjects;

namespace Everynode.Controllers.Tests.Shared;

/// <summary>The claim rules, with a DaemonSet as the controller (the rules do not depend on its kind).</summary>
public class ControllerRefManagerTests
{
    private static LabelSelector Selector(V1DaemonSet ds) => LabelSelector.FromLabelSelector(ds.Spec.Selector);

    private static V1Pod Orphan(string name, V1DaemonSet ds, string? labelValue = null)
    {
        var pod = NewPod(name, "n", ds);
        pod.Metadata.OwnerReferences = null;
        if (labelValue is not null)
        {
            pod.Metadata.Labels["name"] = labelValue;
        }

        return pod;
    }

    [Fact]
    public void Claim_AdoptsMatchingOrphansAndReleasesOwnedMismatches()
    {
        var ds = NewDaemonSet();
        var owned = NewPod("owned", "n", ds);
        var ownedMismatch = NewPod("owned-mismatch", "n", ds);
        ownedMismatch.Metadata.Labels["name"] = "bar";
        var other = NewPod("other-owner", "n", NewDaemonSet("bar"));
        other.Metadata.Labels["name"] = "foo";
        var deletingOrphan = Orphan("deleting-orphan", ds);
        deletingOrphan.Metadata.DeletionTimestamp = T0;
        var elsewhere = Orphan("other-namespace", ds);
        elsewhere.Metadata.NamespaceProperty = "kube-system";

        var plan = ControllerRefManager.Claim(ds.Metadata, Selector(ds),
            [owned, ownedMismatch, other, Orphan("orphan", ds), Orphan("orphan-mismatch", ds, "bar"), deletingOrphan, elsewhere]);

        Assert.Equal(["owned"], plan.Owned.Select(p => p.Metadata.Name));
        Assert.Equal(["orphan"], plan.ToAdopt.Select(p => p.Metadata.Name));
        Assert.Equal(["owned-mismatch"], plan.ToRelease.Select(p => p.Metadata.Name));
    }

    [Fact]
    public void Claim_DaemonSetBeingDeleted_KeepsOwnedButAdoptsAndReleasesNothing()
    {
        var ds = NewDaemonSet();
        ds.Metadata.DeletionTimestamp = T0;
        var mismatch = NewPod("owned-mismatch", "n", ds);
        mismatch.Metadata.Labels["name"] = "bar";

        var plan = ControllerRefManager.Claim(ds.Metadata, Selector(ds), [NewPod("owned", "n", ds), mismatch, Orphan("orphan", ds)]);

        Assert.Equal(["owned"], plan.Owned.Select(p => p.Metadata.Name));
        Assert.Empty(plan.ToAdopt);
        Assert.Empty(plan.ToRelease);
    }

    [Fact]
    public void Claim_WorksForControllerRevisions()
    {
        var ds = NewDaemonSet();
        var orphan = new V1ControllerRevision
        {
            Metadata = new V1ObjectMeta { Name = "foo-1", NamespaceProperty = "default", Labels = new Dictionary<string, string> { ["name"] = "foo" } },
            Revision = 1,
        };
        var plan = ControllerRefManager.Claim(ds.Metadata, Selector(ds), [orphan]);
        Assert.Same(orphan, Assert.Single(plan.ToAdopt));
    }

    [Fact]
    public void ControllerRef_IsTheOwnerMarkedController()
    {
        var ds = NewDaemonSet();
        var pod = NewPod("p", "n", ds);
        pod.Metadata.OwnerReferences.Insert(0, new V1OwnerReference { Kind = "Node", Name = "n", Uid = "node-uid", ApiVersion = "v1" });

        Assert.Equal("foo-uid", ControllerRefManager.GetControllerOf(pod.Metadata)?.Uid);
        Assert.True(ControllerRefManager.IsControlledBy(pod.Metadata, ds.Metadata));
        Assert.False(ControllerRefManager.IsControlledBy(pod.Metadata, NewDaemonSet("bar").Metadata));
        pod.Metadata.OwnerReferences[1].Controller = false;
        Assert.Null(ControllerRefManager.GetControllerOf(pod.Metadata));
    }

    [Fact]
    public void AdoptAndReleasePatches_AreGuardedByTheObjectUid()
    {
        var ds = NewDaemonSet();
        Assert.Equal(
            """{"metadata":{"ownerReferences":[{"apiVersion":"apps/v1","kind":"DaemonSet","name":"foo","uid":"foo-uid","controller":true,"blockOwnerDeletion":true}],"uid":"pod-uid"}}""",
            ControllerRefManager.AdoptPatch(
                new V1OwnerReference { ApiVersion = "apps/v1", Kind = "DaemonSet", Name = "foo", Uid = ds.Metadata.Uid, Controller = true, BlockOwnerDeletion = true },
                "pod-uid"));
        Assert.Equal(
            """{"metadata":{"ownerReferences":[{"$patch":"delete","uid":"foo-uid"}],"uid":"pod-uid"}}""",
            ControllerRefManager.ReleasePatch(ds.Metadata.Uid, "pod-uid"));
    }
}
