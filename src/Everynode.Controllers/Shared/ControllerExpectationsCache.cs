namespace Everynode.Controllers.Shared;

/// <summary>
/// The <see cref="ControllerExpectations"/> of every controller object (DaemonSet, ReplicaSet), by key (upstream's ControllerExpectations store).
/// Thread-safe: pod handlers observe while workers set and lower.
/// </summary>
internal sealed class ControllerExpectationsCache(TimeProvider time)
{
    private readonly Dictionary<string, ControllerExpectations> _byKey = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public ControllerExpectations? Get(string key)
    {
        lock (_lock)
        {
            return _byKey.GetValueOrDefault(key);
        }
    }

    public bool Satisfied(string key) => ControllerExpectations.SatisfiedExpectations(Get(key), time.GetUtcNow());

    public void Set(string key, ControllerExpectations expectations)
    {
        lock (_lock)
        {
            _byKey[key] = expectations;
        }
    }

    public void Delete(string key)
    {
        lock (_lock)
        {
            _byKey.Remove(key);
        }
    }

    /// <summary>Lowers what is expected; a key with no record stays without one.</summary>
    public void Lower(string key, long add, long delete)
    {
        lock (_lock)
        {
            if (_byKey.TryGetValue(key, out var e))
            {
                _byKey[key] = e.Lower(add, delete);
            }
        }
    }

    public void CreationObserved(string key) => Lower(key, 1, 0);

    public void DeletionObserved(string key) => Lower(key, 0, 1);
}
