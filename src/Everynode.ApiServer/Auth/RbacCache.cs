using System.Collections.Concurrent;
using Everynode.Api.Authorization;
using Everynode.ApiServer.Serialization;
using Everynode.Storage;
using k8s.Models;

namespace Everynode.ApiServer.Auth;

/// <summary>
/// The cluster's RBAC objects, kept from a watch on each of the four kinds in the store (upstream's RBAC
/// authorizer reads from informers the same way), and the <see cref="RbacPolicy"/> built from them. A change to any
/// RBAC object builds a new policy; requests read whichever policy is current. A watch that falls behind or hits
/// compaction re-lists.
/// </summary>
internal sealed class RbacCache : IAsyncDisposable
{
    private static readonly (string Prefix, Type Type)[] Kinds =
    [
        ("/registry/clusterroles/", typeof(V1ClusterRole)),
        ("/registry/roles/", typeof(V1Role)),
        ("/registry/rolebindings/", typeof(V1RoleBinding)),
        ("/registry/clusterrolebindings/", typeof(V1ClusterRoleBinding)),
    ];

    private readonly IStore _store;
    private readonly ConcurrentDictionary<string, object> _objects = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private volatile RbacPolicy _policy = RbacPolicy.Empty;
    private long _version;

    public RbacCache(IStore store) => _store = store;

    public RbacPolicy Policy => _policy;

    public async Task StartAsync(CancellationToken ct)
    {
        foreach (var (prefix, type) in Kinds)
        {
            var revision = await RelistAsync(prefix, type, ct);
            _loops.Add(RunAsync(prefix, type, revision, _stop.Token));
        }

        Rebuild();
    }

    private async Task<long> RelistAsync(string prefix, Type type, CancellationToken ct)
    {
        var list = await _store.ListAsync(prefix, new ListOptions(), ct);
        foreach (var key in _objects.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)))
        {
            _objects.TryRemove(key, out _);
        }

        foreach (var kv in list.Items)
        {
            Put(kv, type);
        }

        return list.Revision;
    }

    private void Put(KeyValue kv, Type type)
    {
        try
        {
            _objects[kv.Key] = ObjectCodec.DeserializeStored(kv.Value.Span, type, kv.ModRevision);
        }
        catch (System.Text.Json.JsonException)
        {
            _objects.TryRemove(kv.Key, out _);
        }
    }

    private async Task RunAsync(string prefix, Type type, long from, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                using var watch = _store.Watch(prefix, from);
                await foreach (var ev in watch.Events.ReadAllAsync(ct))
                {
                    from = ev.Revision;
                    if (ev.Type == WatchEventType.Delete)
                    {
                        _objects.TryRemove(ev.Current.Key, out _);
                    }
                    else
                    {
                        Put(ev.Current, type);
                    }

                    Rebuild();
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (StoreException)
            {
                try
                {
                    from = await RelistAsync(prefix, type, ct);
                    Rebuild();
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Builds a policy from a snapshot; a later build always wins over an earlier one that finishes late.</summary>
    private void Rebuild()
    {
        var version = Interlocked.Increment(ref _version);
        var all = _objects.Values.ToList();
        var policy = new RbacPolicy(all.OfType<V1ClusterRole>(), all.OfType<V1Role>(), all.OfType<V1RoleBinding>(), all.OfType<V1ClusterRoleBinding>());
        lock (_objects)
        {
            if (version >= Interlocked.Read(ref _version))
            {
                _policy = policy;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Task.WhenAll(_loops);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}
