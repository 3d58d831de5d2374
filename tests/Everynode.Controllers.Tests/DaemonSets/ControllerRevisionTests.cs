using System.Text.Json;
using Everynode.Controllers.DaemonSets;
using Everynode.Controllers.Shared;
using k8s.Models;
using static Everynode.Controllers.Tests.DaemonSets.DaemonSetTestObjects;

namespace Everynode.Controllers.Tests.DaemonSets;

/// <summary>A DaemonSet's ControllerRevisions: the stored patch, matching, and a new revision.</summary>
public class ControllerRevisionTests
{
    [Fact]
    public void GetPatch_IsSortedReplacePatchWithGoEscaping()
    {
        var ds = NewDaemonSet();
        ds.Spec.Template.Metadata.Annotations = new Dictionary<string, string> { ["z"] = "a<b>&c", ["a"] = "é" };

        var patch = ControllerRevisionPatch.GetPatch(ds);

        Assert.Equal(
            """{"spec":{"template":{"$patch":"replace","metadata":{"annotations":{"a":"é","z":"a\u003cb\u003e\u0026c"},"creationTimestamp":null,"labels":{"name":"foo"}},"""
            + """ "spec":{"containers":[{"image":"foo/bar","name":"foo","resources":{},"terminationMessagePath":"/dev/termination-log"}],"restartPolicy":"Always"}}}}""".TrimStart(),
            patch);
    }

    [Fact]
    public void Match_ComparesTheTemplateOnly()
    {
        var ds = NewDaemonSet();
        var revision = DaemonSetHistory.NewControllerRevision(ds, 1);

        var changedOutsideTemplate = NewDaemonSet(strategy: "OnDelete");
        changedOutsideTemplate.Spec.MinReadySeconds = 3;
        var changedTemplate = NewDaemonSet();
        changedTemplate.Spec.Template.Spec.Containers[0].Image = "foo/bar:2";

        Assert.True(ControllerRevisionPatch.Match(ds, revision));
        Assert.True(ControllerRevisionPatch.Match(changedOutsideTemplate, revision));
        Assert.False(ControllerRevisionPatch.Match(changedTemplate, revision));
    }

    [Fact]
    public void Match_AcceptsDataReencodedByAStore()
    {
        var ds = NewDaemonSet();
        var reordered = JsonDocument.Parse("""{ "spec": { "template": { "spec": { "restartPolicy": "Always", "containers": [ { "name": "foo", "terminationMessagePath": "/dev/termination-log", "image": "foo/bar" } ] }, "metadata": { "labels": { "name": "foo" } }, "$patch": "replace" } } }""").RootElement;
        Assert.True(ControllerRevisionPatch.Match(ds, new V1ControllerRevision { Data = reordered }));
        Assert.False(ControllerRevisionPatch.Match(ds, new V1ControllerRevision { Data = null }));
    }

    [Fact]
    public void NewControllerRevision_IsNamedLabelledAnnotatedAndOwned()
    {
        var ds = NewDaemonSet();
        ds.Metadata.Annotations["note"] = "kept";
        ds.Status.CollisionCount = 1;

        var revision = DaemonSetHistory.NewControllerRevision(ds, 4);

        var hash = ControllerRevisionHash.ComputeHash(ds.Spec.Template, 1);
        Assert.Equal($"foo-{hash}", revision.Metadata.Name);
        Assert.Equal("default", revision.Metadata.NamespaceProperty);
        Assert.Equal(new Dictionary<string, string> { ["name"] = "foo", ["controller-revision-hash"] = hash }, revision.Metadata.Labels);
        Assert.Equal("kept", revision.Metadata.Annotations["note"]);
        var owner = Assert.Single(revision.Metadata.OwnerReferences);
        Assert.True(owner is { Kind: "DaemonSet", ApiVersion: "apps/v1", Uid: "foo-uid", Controller: true, BlockOwnerDeletion: true });
        Assert.Equal(4, revision.Revision);
        Assert.Equal(ControllerRevisionPatch.GetPatch(ds), ((JsonElement)revision.Data).GetRawText());
        Assert.False(ds.Spec.Template.Metadata.Labels.ContainsKey("controller-revision-hash"));
    }
}
