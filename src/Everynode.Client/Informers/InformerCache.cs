using k8s;
using k8s.Models;

namespace Everynode.Client.Informers;

/// <summary>
/// The informer's local copy of the objects it watches, keyed <c>namespace/name</c>, with secondary indexes.
/// Thread-safe: readers may call it from any thread while the informer writes.
/// </summary>
/// <remarks>
/// Objects handed out are the cached instances themselves, shared with every other reader and with event
/// handlers. Never mutate them: copy first (<c>Everynode.Api.Models.ModelCopy.Clone</c>), then change the copy.
/// The informer replaces an object with a new instance on every change, so a reference once read never changes.
/// </remarks>
public sealed class InformerCache<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, T> _items = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<T, IEnumerable<string>>> _indexers = new(StringComparer.Ordinal);

    // index name → index value → keys of the objects with that value.
    private readonly Dictionary<string, Dictionary<string, HashSet<string>>> _indices = new(StringComparer.Ordinal);

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _items.Count;
            }
        }
    }

    public T? Get(string key)
    {
        lock (_lock)
        {
            return _items.GetValueOrDefault(key);
        }
    }

    public T? Get(string? ns, string name) => Get(CacheKeys.For(ns, name));

    /// <summary>A snapshot of all objects (in no particular order).</summary>
    public IReadOnlyList<T> List()
    {
        lock (_lock)
        {
            return [.. _items.Values];
        }
    }

    public IReadOnlyList<string> ListKeys()
    {
        lock (_lock)
        {
            return [.. _items.Keys];
        }
    }

    /// <summary>A snapshot of the objects whose index function returned <paramref name="value"/>.</summary>
    public IReadOnlyList<T> ByIndex(string indexName, string value)
    {
        lock (_lock)
        {
            var index = _indices.TryGetValue(indexName, out var i) ? i : throw new ArgumentException($"no index named '{indexName}'", nameof(indexName));
            return index.TryGetValue(value, out var keys) ? [.. keys.Select(k => _items[k])] : [];
        }
    }

    /// <summary>The values present in an index (e.g. every node name that has pods).</summary>
    public IReadOnlyList<string> IndexValues(string indexName)
    {
        lock (_lock)
        {
            var index = _indices.TryGetValue(indexName, out var i) ? i : throw new ArgumentException($"no index named '{indexName}'", nameof(indexName));
            return [.. index.Keys];
        }
    }

    /// <summary>Adds an index; existing objects are indexed at once. Index functions must be pure and fast.</summary>
    public void AddIndexer(string name, Func<T, IEnumerable<string>> indexer)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(indexer);
        lock (_lock)
        {
            if (!_indexers.TryAdd(name, indexer))
            {
                throw new InvalidOperationException($"an index named '{name}' already exists");
            }

            var index = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            _indices[name] = index;
            foreach (var (key, obj) in _items)
            {
                AddToIndex(index, indexer(obj), key);
            }
        }
    }

    /// <summary>
    /// Puts an object in the cache directly, without telling any handler. For unit tests that seed a cache
    /// (upstream's <c>indexer.Add</c>); in a running process the informer is the cache's only writer.
    /// </summary>
    public void Seed(T obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        Upsert(CacheKeys.For(obj), obj);
    }

    /// <summary>Removes an object directly, without telling any handler. For unit tests, like <see cref="Seed"/>.</summary>
    public void Unseed(T obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        Remove(CacheKeys.For(obj));
    }

    /// <summary>Inserts or replaces an object; returns the object it replaced, if any.</summary>
    internal T? Upsert(string key, T obj)
    {
        lock (_lock)
        {
            var old = _items.GetValueOrDefault(key);
            _items[key] = obj;
            foreach (var (name, indexer) in _indexers)
            {
                var index = _indices[name];
                if (old is null)
                {
                    AddToIndex(index, indexer(obj), key);
                    continue;
                }

                // Most updates keep every indexed value (a status write keeps the node, owner and uid): the index's
                // sets are left alone rather than emptied, dropped and built again.
                var before = indexer(old).ToArray();
                var after = indexer(obj).ToArray();
                if (!before.AsSpan().SequenceEqual(after))
                {
                    RemoveFromIndex(index, before, key);
                    AddToIndex(index, after, key);
                }
            }

            return old;
        }
    }

    /// <summary>Removes an object; returns it, or null if it was not cached.</summary>
    internal T? Remove(string key)
    {
        lock (_lock)
        {
            if (!_items.Remove(key, out var old))
            {
                return null;
            }

            RemoveFromIndices(key, old);
            return old;
        }
    }

    private static void AddToIndex(Dictionary<string, HashSet<string>> index, IEnumerable<string> values, string key)
    {
        foreach (var value in values)
        {
            if (!index.TryGetValue(value, out var keys))
            {
                keys = new HashSet<string>(StringComparer.Ordinal);
                index[value] = keys;
            }

            keys.Add(key);
        }
    }

    private void RemoveFromIndices(string key, T obj)
    {
        foreach (var (name, indexer) in _indexers)
        {
            RemoveFromIndex(_indices[name], indexer(obj), key);
        }
    }

    private static void RemoveFromIndex(Dictionary<string, HashSet<string>> index, IEnumerable<string> values, string key)
    {
        foreach (var value in values)
        {
            if (index.TryGetValue(value, out var keys) && keys.Remove(key) && keys.Count == 0)
            {
                index.Remove(value);
            }
        }
    }
}
