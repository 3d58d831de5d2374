using Everynode.Storage.Etcd;

namespace Everynode.Storage.Tests;

/// <summary>What only the etcd store has: its datastore URL, member failures, and compaction shared between servers.</summary>
public sealed class EtcdStoreTests
{
    private static ReadOnlyMemory<byte> Bytes(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    private static Task<EtcdStore> OpenAsync(EtcdCluster cluster) =>
        EtcdStore.OpenAsync(new EtcdStoreOptions { Endpoints = cluster.Endpoints, CompactionInterval = TimeSpan.Zero }, default);

    [Theory]
    [InlineData("etcd://127.0.0.1:2379", null, "http://127.0.0.1:2379/")]
    [InlineData("etcd://10.0.0.1:2379,10.0.0.2:2379,etcd-3:2379", null, "http://10.0.0.1:2379/ http://10.0.0.2:2379/ http://etcd-3:2379/")]
    [InlineData("etcd://[::1]:2379", "/ca.pem", "https://[::1]:2379/")]
    public void FromDatastoreUrl_Members_BecomeEndpoints(string url, string? caFile, string expected)
    {
        var options = EtcdStoreOptions.FromDatastoreUrl(url, caFile, null, null);

        Assert.Equal(expected, string.Join(' ', options.Endpoints.Select(e => e.ToString())));
    }

    [Theory]
    [InlineData("etcd://")]
    [InlineData("etcd://host")]
    [InlineData("etcd://host:0")]
    [InlineData("etcd://host:2379/path")]
    [InlineData("etcd://a:1,,b:2")]
    [InlineData("http://host:2379")]
    public void FromDatastoreUrl_Malformed_IsRejectedNamingTheMember(string url)
    {
        Assert.Throws<ArgumentException>(() => EtcdStoreOptions.FromDatastoreUrl(url, null, null, null));
    }

    [Fact]
    public void Validate_CertificateWithoutKey_IsRejected()
    {
        var options = EtcdStoreOptions.FromDatastoreUrl("etcd://127.0.0.1:2379", null, "/dev/null", null);

        Assert.Throws<ArgumentException>(options.Validate);
    }

    [Fact]
    public async Task Tls_WithTheCaAndAClientCertificate_ReadsAndWrites_AndWithoutTheCertificateFails()
    {
        await using var cluster = await EtcdCluster.StartAsync(1, tls: true);
        var tls = cluster.Tls!;
        var url = "etcd://" + string.Join(',', cluster.Endpoints.Select(e => $"{e.Host}:{e.Port}"));
        await using (var store = await EtcdStore.OpenAsync(EtcdStoreOptions.FromDatastoreUrl(url, tls.CaFile, tls.ClientCertFile, tls.ClientKeyFile) with { CompactionInterval = TimeSpan.Zero }, default))
        {
            var revision = await store.CreateAsync("/tls", Bytes("secret"), default);
            Assert.Equal(revision, (await store.GetAsync("/tls", 0, default))!.ModRevision);
        }

        // etcd runs with --client-cert-auth: a client without a certificate is refused.
        var anonymous = EtcdStoreOptions.FromDatastoreUrl(url, tls.CaFile, null, null) with { CompactionInterval = TimeSpan.Zero, RequestTimeout = TimeSpan.FromSeconds(3) };
        var refused = await Assert.ThrowsAsync<TimeoutException>(async () => await (await EtcdStore.OpenAsync(anonymous, default)).DisposeAsync());
        Assert.IsType<Grpc.Core.RpcException>(refused.InnerException);
    }

    [Fact]
    public async Task MemberKilled_WritesAndAWatchGoOnWithoutAGap()
    {
        await using var cluster = await EtcdCluster.StartAsync(3);
        await using var store = await OpenAsync(cluster);
        using var watch = store.Watch("/f/", await store.GetCurrentRevisionAsync(default));
        var revisions = new List<long>();
        for (var i = 0; i < 30; i++)
        {
            revisions.Add(await store.CreateAsync($"/f/{i:D2}", Bytes("x"), default));
        }

        cluster.KillMember(await cluster.LeaderIndexAsync());
        for (var i = 30; i < 60; i++)
        {
            revisions.Add(await store.CreateAsync($"/f/{i:D2}", Bytes("x"), default));
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var seen = new List<long>();
        while (seen.Count < revisions.Count)
        {
            seen.Add((await watch.Events.ReadAsync(timeout.Token)).Revision);
        }

        Assert.Equal(revisions, seen);
        Assert.Equal(60, await store.CountAsync("/f/", default));
    }

    [Fact]
    public async Task Compaction_IsSeenByAStoreOpenedLater_AndTheCompactorCompactsOncePerRoundAcrossServers()
    {
        await using var cluster = await EtcdCluster.StartAsync(1);
        await using var first = await OpenAsync(cluster);
        await first.CreateAsync("/c", Bytes("0"), default);
        for (var i = 1; i < 20; i++)
        {
            await first.UpdateAsync("/c", Bytes($"{i}"), 0, default);
        }

        var target = await first.GetCurrentRevisionAsync(default) - 5;
        await first.CompactAsync(target, default);
        await using var second = await OpenAsync(cluster);
        Assert.Equal(target, second.CompactedRevision);
        Assert.Throws<RevisionCompactedException>(() => second.Watch("/", target - 1));

        // Two servers' compactors in the same round: both saw version 0 of compact_rev_key; only one wins the round.
        var one = new EtcdCompactor(first, TimeSpan.FromMinutes(5), TimeProvider.System);
        var two = new EtcdCompactor(second, TimeSpan.FromMinutes(5), TimeProvider.System);
        var (v1, next1) = await one.TickAsync(0, 0, default);
        var (v2, next2) = await two.TickAsync(0, 0, default);
        Assert.Equal((1L, 1L), (v1, v2));
        await first.UpdateAsync("/c", Bytes("later"), 0, default);
        var (v1b, _) = await one.TickAsync(v1, next1, default);
        var (v2b, _) = await two.TickAsync(v2, next2, default);
        Assert.Equal(2, v1b);
        Assert.Equal(2, v2b);
        Assert.Equal(next1, first.CompactedRevision);
        Assert.Equal("later", System.Text.Encoding.UTF8.GetString((await second.GetAsync("/c", 0, default))!.Value.Span));
    }
}
