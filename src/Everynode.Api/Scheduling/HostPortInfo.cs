namespace Everynode.Api.Scheduling;

/// <summary>
/// The host ports in use on a node (upstream HostPortInfo), counted so that two pods on one node that share a
/// port (possible when a node was given pods directly) release it only when both are gone.
/// Invariant: 0.0.0.0 conflicts with every address for the same protocol and port, and any address conflicts
/// with 0.0.0.0.
/// </summary>
public sealed class HostPortInfo
{
    private readonly Dictionary<HostPort, int> _used = [];

    public int Count => _used.Count;

    public void Add(HostPort port) => _used[port] = _used.GetValueOrDefault(port) + 1;

    public void Remove(HostPort port)
    {
        if (_used.TryGetValue(port, out var count))
        {
            if (count <= 1)
            {
                _used.Remove(port);
            }
            else
            {
                _used[port] = count - 1;
            }
        }
    }

    public bool Conflicts(HostPort wanted)
    {
        if (wanted.HostIp == HostPort.AnyAddress)
        {
            return _used.Keys.Any(p => p.Port == wanted.Port && p.Protocol == wanted.Protocol);
        }

        return _used.ContainsKey(wanted) || _used.ContainsKey(wanted with { HostIp = HostPort.AnyAddress });
    }

    public HostPortInfo Clone()
    {
        var clone = new HostPortInfo();
        foreach (var (port, count) in _used)
        {
            clone._used[port] = count;
        }

        return clone;
    }
}
