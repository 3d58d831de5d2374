namespace Everynode.Controllers.GarbageCollector;

/// <summary>
/// UIDs of owners confirmed absent by a live read (upstream's absentOwnerCache), so that a thousand pods of one
/// deleted DaemonSet cost one GET, not a thousand. Safe to keep: a UID, once gone, never comes back. Bounded, least
/// recently used first out.
/// </summary>
internal sealed class AbsentOwnerCache(int capacity)
{
    private readonly Lock _lock = new();
    private readonly LinkedList<string> _order = new();
    private readonly Dictionary<string, LinkedListNode<string>> _nodes = new(StringComparer.Ordinal);

    public bool Contains(string uid)
    {
        lock (_lock)
        {
            if (!_nodes.TryGetValue(uid, out var node))
            {
                return false;
            }

            _order.Remove(node);
            _order.AddFirst(node);
            return true;
        }
    }

    public void Add(string uid)
    {
        lock (_lock)
        {
            if (_nodes.ContainsKey(uid))
            {
                return;
            }

            _nodes[uid] = _order.AddFirst(uid);
            if (_nodes.Count > capacity)
            {
                _nodes.Remove(_order.Last!.Value);
                _order.RemoveLast();
            }
        }
    }
}
