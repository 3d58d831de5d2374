namespace Everynode.Storage.Watch;

/// <summary>Where a watch that starts before the in-memory event ring reads its missed events from.</summary>
internal interface IEventHistory
{
    /// <summary>
    /// Reads the events under <paramref name="prefix"/> with <paramref name="afterRevision"/> &lt; revision &lt;=
    /// <paramref name="throughRevision"/>, in revision order. Throws <see cref="RevisionCompactedException"/> when the
    /// range was (or becomes, while reading) compacted, so a watch never skips events silently.
    /// </summary>
    IAsyncEnumerable<WatchEvent> ReadAsync(string prefix, long afterRevision, long throughRevision, CancellationToken cancellationToken);
}
