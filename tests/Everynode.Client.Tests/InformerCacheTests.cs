using Everynode.Api.Models;
using Everynode.Client.Informers;
using Everynode.Client.Tests.Infrastructure;
using k8s.Models;

namespace Everynode.Client.Tests;

/// <summary>The cache on its own, as controller unit tests use it (seeded, no server).</summary>
public sealed class InformerCacheTests
{
    [Fact]
    public void Seed_ReplacingAnObject_MovesItBetweenIndexValues()
    {
        var cache = new InformerCache<V1Pod>();
        cache.AddIndexer(Indexers.NodeName, Indexers.PodNodeName);
        var pod = Objects.Pod("p");
        pod.Metadata.NamespaceProperty = "ns";
        pod.Spec.NodeName = "node-a";
        cache.Seed(pod);

        var moved = ModelCopy.Clone(pod);
        moved.Spec.NodeName = "node-b";
        cache.Seed(moved);

        Assert.Empty(cache.ByIndex(Indexers.NodeName, "node-a"));
        Assert.Same(moved, Assert.Single(cache.ByIndex(Indexers.NodeName, "node-b")));
        Assert.Equal(["node-b"], cache.IndexValues(Indexers.NodeName));
        Assert.Equal("node-a", pod.Spec.NodeName); // the copy did not touch the original

        cache.Unseed(moved);
        Assert.Equal(0, cache.Count);
        Assert.Empty(cache.IndexValues(Indexers.NodeName));
    }

    [Fact]
    public void Seed_ReplacingAnObject_KeepsTheValuesItStillHas_AndDropsTheOthers()
    {
        var cache = new InformerCache<V1Pod>();
        cache.AddIndexer("labels", static p => p.Metadata.Labels?.Values ?? []);
        var pod = Objects.Pod("p");
        pod.Metadata.Labels = new Dictionary<string, string> { ["a"] = "one", ["b"] = "two" };
        cache.Seed(pod);

        var same = ModelCopy.Clone(pod);
        cache.Seed(same);
        Assert.Same(same, Assert.Single(cache.ByIndex("labels", "one")));
        Assert.Same(same, Assert.Single(cache.ByIndex("labels", "two")));

        var changed = ModelCopy.Clone(pod);
        changed.Metadata.Labels = new Dictionary<string, string> { ["a"] = "one", ["b"] = "three" };
        cache.Seed(changed);
        Assert.Same(changed, Assert.Single(cache.ByIndex("labels", "one")));
        Assert.Empty(cache.ByIndex("labels", "two"));
        Assert.Same(changed, Assert.Single(cache.ByIndex("labels", "three")));
        Assert.Equal(["one", "three"], cache.IndexValues("labels").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AddIndexer_AfterObjectsAreCached_IndexesThemAtOnce()
    {
        var cache = new InformerCache<V1Pod>();
        cache.Seed(Objects.Pod("p", controller: Objects.ControllerRef("uid-1")));
        cache.AddIndexer(Indexers.ControllerUid, Indexers.ByControllerUid);
        Assert.Single(cache.ByIndex(Indexers.ControllerUid, "uid-1"));
        Assert.Throws<ArgumentException>(() => cache.ByIndex("nope", "x"));
    }

    [Fact]
    public void CacheKeys_NamespacedAndClusterScoped_FollowUpstreamFormat()
    {
        Assert.Equal("ns/p", CacheKeys.For("ns", "p"));
        Assert.Equal("node-a", CacheKeys.For(null, "node-a"));
        Assert.Equal(("ns", "p"), CacheKeys.Split("ns/p"));
        Assert.Equal((null, "node-a"), CacheKeys.Split("node-a"));
    }
}
