using System.Text.Json;
using Everynode.Controllers.DaemonSets;
using k8s.Models;
using static Everynode.Controllers.Tests.DaemonSets.DaemonSetTestObjects;

namespace Everynode.Controllers.Tests.DaemonSets;

public class ControllerRevisionTests
{
    [Theory]
    [MemberData(nameof(Strategies), MemberType = typeof(DaemonSetTestObjects))]
    public void ComputeHash_IsStableAndUsesTheSafeAlphabet(string strategy)
    {
        var ds = NewDaemonSet(strategy: strategy);
        var hash = ControllerRevisionHash.ComputeHash(ds.Spec.Template, null);

        Assert.Equal(hash, ControllerRevisionHash.ComputeHash(NewDaemonSet(strategy: strategy).Spec.Template, null));
        Assert.Matches("^[456789bcdf]{1,10}$", hash);
        // Pinned: the hash names revisions in existing clusters, so it must never change between releases.
        Assert.Equal("869bf69d8f", hash);
    }

    [Fact]
    public void ComputeHash_DependsOnlyOnTheTemplate()
    {
        var a = NewDaemonSet();
        var b = NewDaemonSet(strategy: "OnDelete");
        b.Spec.MinReadySeconds = 9;
        b.Metadata.Labels = new Dictionary<string, string> { ["x"] = "y" };
        Assert.Equal(ControllerRevisionHash.ComputeHash(a.Spec.Template, null), ControllerRevisionHash.ComputeHash(b.Spec.Template, null));

        b.Spec.Template.Spec.Containers[0].Image = "foo/bar:2";
        Assert.NotEqual(ControllerRevisionHash.ComputeHash(a.Spec.Template, null), ControllerRevisionHash.ComputeHash(b.Spec.Template, null));
    }

    [Fact]
    public void ComputeHash_CollisionCountChangesTheHash()
    {
        var template = NewDaemonSet().Spec.Template;
        string[] hashes =
        [
            ControllerRevisionHash.ComputeHash(template, null),
            ControllerRevisionHash.ComputeHash(template, 0),
            ControllerRevisionHash.ComputeHash(template, 1),
            ControllerRevisionHash.ComputeHash(template, 2),
        ];
        Assert.Equal(4, hashes.Distinct().Count());
        Assert.Equal(hashes[2], ControllerRevisionHash.ComputeHash(template, 1));
    }

    [Theory]
    [InlineData("0123456789", "456789bcdf")]
    [InlineData("", "")]
    public void SafeEncodeString_MapsDigitsAsUpstream(string input, string expected) =>
        Assert.Equal(expected, ControllerRevisionHash.SafeEncodeString(input));

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
