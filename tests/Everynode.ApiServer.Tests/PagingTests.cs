using System.Net;
using Everynode.ApiServer.Tests.Infrastructure;
using k8s;
using k8s.Models;

namespace Everynode.ApiServer.Tests;

/// <summary>limit/continue: consistent pages at one revision with remainingItemCount.</summary>
public sealed class PagingTests(ApiServerFixture server) : IClassFixture<ApiServerFixture>
{
    private Kubernetes Client => server.Client;

    private async Task<string> CreateLeasesAsync(int count)
    {
        var ns = await server.CreateNamespaceAsync("page");
        for (var i = 0; i < count; i++)
        {
            await Client.CoordinationV1.CreateNamespacedLeaseAsync(Objects.Lease($"lease-{i:D2}"), ns);
        }

        return ns;
    }

    [Fact]
    public async Task List_WithLimit_PagesThroughAllObjectsAtOneRevision()
    {
        var ns = await CreateLeasesAsync(25);
        var first = await Client.CoordinationV1.ListNamespacedLeaseAsync(ns, limit: 10);
        Assert.Equal(10, first.Items.Count);
        Assert.Equal(15, first.Metadata.RemainingItemCount);
        Assert.False(string.IsNullOrEmpty(first.Metadata.ContinueProperty));

        // Written between pages: later pages still show the list as of the first page's revision.
        await Client.CoordinationV1.CreateNamespacedLeaseAsync(Objects.Lease("lease-99"), ns);
        await Client.CoordinationV1.DeleteNamespacedLeaseAsync("lease-24", ns);

        var second = await Client.CoordinationV1.ListNamespacedLeaseAsync(ns, limit: 10, continueParameter: first.Metadata.ContinueProperty);
        Assert.Equal(10, second.Items.Count);
        Assert.Equal(5, second.Metadata.RemainingItemCount);
        var third = await Client.CoordinationV1.ListNamespacedLeaseAsync(ns, limit: 10, continueParameter: second.Metadata.ContinueProperty);
        Assert.Equal(5, third.Items.Count);
        Assert.Null(third.Metadata.RemainingItemCount);
        Assert.True(string.IsNullOrEmpty(third.Metadata.ContinueProperty));

        Assert.Equal(first.Metadata.ResourceVersion, second.Metadata.ResourceVersion);
        Assert.Equal(first.Metadata.ResourceVersion, third.Metadata.ResourceVersion);
        var names = first.Items.Concat(second.Items).Concat(third.Items).Select(l => l.Metadata.Name).ToList();
        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"lease-{i:D2}"), names);
    }

    [Fact]
    public async Task List_WithLimitAndLabelSelector_CountsOnlyMatches()
    {
        var ns = await server.CreateNamespaceAsync("page");
        for (var i = 0; i < 6; i++)
        {
            var lease = Objects.Lease($"l{i}");
            lease.Metadata.Labels = new Dictionary<string, string> { ["even"] = (i % 2 == 0).ToString().ToLowerInvariant() };
            await Client.CoordinationV1.CreateNamespacedLeaseAsync(lease, ns);
        }

        var names = new List<string>();
        string? token = null;
        do
        {
            var page = await Client.CoordinationV1.ListNamespacedLeaseAsync(ns, labelSelector: "even=true", limit: 2, continueParameter: token);
            Assert.InRange(page.Items.Count, 1, 2);
            names.AddRange(page.Items.Select(l => l.Metadata.Name));
            token = page.Metadata.ContinueProperty;
        }
        while (!string.IsNullOrEmpty(token));

        Assert.Equal(["l0", "l2", "l4"], names);
    }

    [Fact]
    public async Task List_WithoutLimit_HasNoContinue()
    {
        var ns = await CreateLeasesAsync(3);
        var all = await Client.CoordinationV1.ListNamespacedLeaseAsync(ns);
        Assert.Equal(3, all.Items.Count);
        Assert.Null(all.Metadata.ContinueProperty);
        Assert.Null(all.Metadata.RemainingItemCount);
        Assert.False(string.IsNullOrEmpty(all.Metadata.ResourceVersion));
    }

    [Fact]
    public async Task List_WithMalformedContinueToken_IsBadRequest()
    {
        var ns = await CreateLeasesAsync(1);
        await ApiAssert.FailsAsync(HttpStatusCode.BadRequest, () => Client.CoordinationV1.ListNamespacedLeaseAsync(ns, limit: 1, continueParameter: "not-a-token"));
    }
}
