using Everynode.Agent.StaticPods;
using k8s.Models;

namespace Everynode.Agent.Tests.StaticPods;

public sealed class StaticPodManifestTests
{
    private const string Manifest = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: etcd
          namespace: kube-system
        spec:
          containers:
          - name: etcd
            image: busybox
        """;

    private static readonly DateTimeOffset Seen = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Parse_NamesThePodAfterTheNode_BindsIt_AndHashesItsUid()
    {
        var pod = StaticPodManifest.Parse(Manifest, "worker-1", Seen);
        Assert.Equal("etcd-worker-1", pod.Metadata.Name);
        Assert.Equal("kube-system", pod.Metadata.NamespaceProperty);
        Assert.Equal("worker-1", pod.Spec.NodeName);
        Assert.Equal("file", pod.Metadata.Annotations["kubernetes.io/config.source"]);
        Assert.Equal(pod.Metadata.Uid, pod.Metadata.Annotations["kubernetes.io/config.hash"]);
        Assert.Equal(pod.Metadata.Uid, StaticPodManifest.Parse(Manifest, "worker-1", Seen.AddHours(1)).Metadata.Uid);
        Assert.NotEqual(pod.Metadata.Uid, StaticPodManifest.Parse(Manifest, "worker-2", Seen).Metadata.Uid);
        Assert.NotEqual(pod.Metadata.Uid, StaticPodManifest.Parse(Manifest.Replace("busybox", "busybox:1.36", StringComparison.Ordinal), "worker-1", Seen).Metadata.Uid);
    }

    [Fact]
    public void Mirror_CarriesTheMirrorAnnotation_AndIsOwnedByTheNode()
    {
        var pod = StaticPodManifest.Parse(Manifest, "worker-1", Seen);
        var node = new V1Node { Metadata = new V1ObjectMeta { Name = "worker-1", Uid = "node-uid" } };
        var mirror = StaticPodManifest.Mirror(pod, node);
        Assert.Null(mirror.Metadata.Uid);
        Assert.Equal(pod.Metadata.Uid, mirror.Metadata.Annotations["kubernetes.io/config.mirror"]);
        var owner = Assert.Single(mirror.Metadata.OwnerReferences);
        Assert.Equal(("v1", "Node", "worker-1", "node-uid", true), (owner.ApiVersion, owner.Kind, owner.Name, owner.Uid, owner.Controller));
        Assert.False(pod.Metadata.Annotations.ContainsKey("kubernetes.io/config.mirror"));
    }

    [Theory]
    [InlineData("apiVersion: v1\nkind: Service\nmetadata: {name: s}\n", "a manifest must hold one Pod, not Service")]
    [InlineData("apiVersion: v1\nkind: Pod\nmetadata: {}\nspec: {containers: [{name: c, image: i}]}\n", "the Pod has no metadata.name")]
    [InlineData("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {}\n", "the Pod has no containers")]
    public void Parse_RejectsWhatIsNotOnePod(string text, string message) =>
        Assert.Equal(message, Assert.Throws<FormatException>(() => StaticPodManifest.Parse(text, "n", Seen)).Message);
}
