using Everynode.Controllers.Shared;
using Everynode.Controllers.Tests.DaemonSets;
using static Everynode.Controllers.Tests.DaemonSets.DaemonSetTestObjects;

namespace Everynode.Controllers.Tests.Shared;

public class ControllerRevisionHashTests
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
}
