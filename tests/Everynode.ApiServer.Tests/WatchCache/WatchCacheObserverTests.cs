using Everynode.Api.Authentication;
using Everynode.Api.Authorization;
using Everynode.Api.Resources;
using Everynode.ApiServer.Admission;
using Everynode.ApiServer.Auth;
using Everynode.ApiServer.Serialization;
using Everynode.ApiServer.WatchCache;
using Everynode.Storage.InMemory;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace Everynode.ApiServer.Tests.WatchCache;

/// <summary>
/// The server's own components read the store through the watch cache: the RBAC policy, the namespaces' lifecycle
/// and the credentials the authenticator checks follow the cache, including what was written a moment ago.
/// </summary>
public sealed class WatchCacheObserverTests : IAsyncLifetime, IAsyncDisposable
{
    private static readonly TimeSpan CatchUp = TimeSpan.FromSeconds(10);
    private readonly InMemoryStore _store = new();
    private readonly ResourceRegistry _resources = ResourceRegistry.CreateDefault();
    private readonly WatchCacheSet _cache;
    private readonly RbacCache _rbac;
    private readonly NamespaceLifecycle _namespaces;
    private bool _failed;
    private bool _disposed;

    public WatchCacheObserverTests()
    {
        _cache = new WatchCacheSet(_store, _resources, 16, NullLogger.Instance, () => _failed = true);
        _rbac = new RbacCache(_cache, _resources);
        _namespaces = new NamespaceLifecycle(_cache, _resources);
    }

    public async Task InitializeAsync()
    {
        await PutAsync("rbac.authorization.k8s.io", "clusterroles", null, new V1ClusterRole
        {
            ApiVersion = "rbac.authorization.k8s.io/v1",
            Kind = "ClusterRole",
            Metadata = new V1ObjectMeta { Name = "pod-reader" },
            Rules = [new V1PolicyRule { ApiGroups = [""], Resources = ["pods"], Verbs = ["get"] }],
        });
        await _cache.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _cache.DisposeAsync();
        await _store.DisposeAsync();
        Assert.False(_failed);
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    [Fact]
    public async Task RbacCache_BindingWrittenToTheStore_GrantsOnceCachedAndItsDeletionRevokes()
    {
        var readPods = new RequestAttributes { User = "jane", Verb = "get", Resource = "pods", Namespace = "default", Name = "p" };
        Assert.False(_rbac.Policy.Authorize(readPods).Allowed);

        var key = await PutAsync("rbac.authorization.k8s.io", "clusterrolebindings", null, new V1ClusterRoleBinding
        {
            ApiVersion = "rbac.authorization.k8s.io/v1",
            Kind = "ClusterRoleBinding",
            Metadata = new V1ObjectMeta { Name = "jane-reads" },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "pod-reader" },
            Subjects = [new Rbacv1Subject { Kind = "User", Name = "jane", ApiGroup = "rbac.authorization.k8s.io" }],
        });
        Assert.True(await _cache.CatchUpAsync(CatchUp, CancellationToken.None));
        Assert.True(_rbac.Policy.Authorize(readPods).Allowed);

        var stored = await _store.GetAsync(key, 0, CancellationToken.None);
        await _store.DeleteAsync(key, stored!.ModRevision, CancellationToken.None);
        Assert.True(await _cache.CatchUpAsync(CatchUp, CancellationToken.None));
        Assert.False(_rbac.Policy.Authorize(readPods).Allowed);
    }

    [Fact]
    public async Task NamespaceLifecycle_NamespaceWrittenAMomentAgo_IsActiveThenTerminating()
    {
        Assert.Equal(NamespaceLifecycle.State.Missing, await _namespaces.GetStateAsync("team-a", CancellationToken.None));

        var changed = _namespaces.WaitForChangeAsync(CancellationToken.None);
        var key = await PutAsync("", "namespaces", null, new V1Namespace { ApiVersion = "v1", Kind = "Namespace", Metadata = new V1ObjectMeta { Name = "team-a" } });
        Assert.Equal(NamespaceLifecycle.State.Active, await _namespaces.GetStateAsync("team-a", CancellationToken.None));
        await changed.WaitAsync(CatchUp);

        var stored = await _store.GetAsync(key, 0, CancellationToken.None);
        var terminating = new V1Namespace
        {
            ApiVersion = "v1",
            Kind = "Namespace",
            Metadata = new V1ObjectMeta { Name = "team-a", DeletionTimestamp = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc) },
        };
        await _store.UpdateAsync(key, ObjectCodec.Serialize(terminating), stored!.ModRevision, CancellationToken.None);
        Assert.True(await _cache.CatchUpAsync(CatchUp, CancellationToken.None));
        Assert.Equal(NamespaceLifecycle.State.Terminating, await _namespaces.GetStateAsync("team-a", CancellationToken.None));
        Assert.Equal(["team-a"], _namespaces.TerminatingNamespaces());
    }

    [Fact]
    public async Task Authenticator_NodeCredentialIssuedAMomentAgo_AuthenticatesTheNodeAndAWrongSecretDoesNot()
    {
        var folder = Directory.CreateTempSubdirectory("everynode-auth-");
        var admin = AdminCredentials.LoadOrCreate(folder.FullName);
        folder.Delete(recursive: true);
        var authenticator = new Authenticator(admin, TokenAuthFile.Empty, _cache, _resources, TimeProvider.System);
        var secret = NodeCredential.NewSecret();
        await PutAsync("", "secrets", BootstrapToken.SecretNamespace, NodeCredential.ToSecret("node-1", secret, "serving", "abcdef"));

        var user = await authenticator.AuthenticateAsync("Bearer " + NodeCredential.Token("node-1", secret), CancellationToken.None);
        Assert.Equal(NodeIdentity.UserName("node-1"), user?.Name);
        Assert.Null(await authenticator.AuthenticateAsync("Bearer " + NodeCredential.Token("node-1", NodeCredential.NewSecret()), CancellationToken.None));
    }

    private async Task<string> PutAsync(string group, string plural, string? ns, IKubernetesObject<V1ObjectMeta> obj)
    {
        var key = _resources.Find(group, "v1", plural)!.StorageKey(ns, obj.Metadata.Name);
        await _store.CreateAsync(key, ObjectCodec.Serialize(obj), CancellationToken.None);
        return key;
    }
}
