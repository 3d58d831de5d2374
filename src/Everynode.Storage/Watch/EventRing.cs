namespace Everynode.Storage.Watch;

/// <summary>
/// The newest published events, oldest first, in a fixed-size circular buffer.
/// Invariant: the ring holds every event with a revision greater than <see cref="CoversAfter"/>.
/// Not thread-safe; <see cref="WatchHub"/> guards it.
/// </summary>
internal sealed class EventRing(int capacity, long coversAfter)
{
    private readonly WatchEvent[] _items = new WatchEvent[Math.Max(1, capacity)];
    private int _start;
    private int _count;

    public long CoversAfter { get; private set; } = coversAfter;

    public void Add(WatchEvent e)
    {
        if (_count == _items.Length)
        {
            CoversAfter = _items[_start].Revision;
            _items[_start] = e;
            _start = (_start + 1) % _items.Length;
            return;
        }

        _items[(_start + _count) % _items.Length] = e;
        _count++;
    }

    /// <summary>The events under <paramref name="prefix"/> newer than <paramref name="afterRevision"/>, oldest first.</summary>
    public List<WatchEvent> CopyAfter(long afterRevision, string prefix)
    {
        var result = new List<WatchEvent>();
        for (var i = 0; i < _count; i++)
        {
            var e = _items[(_start + i) % _items.Length];
            if (e.Revision > afterRevision && e.Current.Key.StartsWith(prefix, StringComparison.Ordinal))
            {
                result.Add(e);
            }
        }

        return result;
    }
}
