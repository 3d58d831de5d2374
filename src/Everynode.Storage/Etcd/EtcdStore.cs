using Etcdserverpb;
using Grpc.Core;
using Grpc.Net.Client;
using WatchService = Etcdserverpb.Watch;

namespace Everynode.Storage.Etcd;

/// <summary>
/// The storage contract on an etcd v3 cluster: revisions are etcd's, guarded writes are etcd transactions comparing the
/// key's mod revision, reads are ranges at a revision and watches are etcd watches from a revision. Several API
/// servers may share one cluster; each sees every other's writes through its watches.
/// </summary>
/// <remarks>
/// Requests that fail because a member is gone or the cluster is between raft leaders are retried (on the next member,
/// the channel balances over the ones that are up) until <see cref="EtcdStoreOptions.RequestTimeout"/>. A write retried
/// that way may already have been applied by the first attempt; the write methods recognise their own value on the
/// retry and report success (see <see cref="EtcdStore"/>'s write facet).
/// </remarks>
public sealed partial class EtcdStore : IStore
{
    private readonly EtcdStoreOptions _options;
    private readonly GrpcChannel _channel;
    private readonly KV.KVClient _kv;
    private readonly EtcdKeys _keys;
    private readonly CancellationTokenSource _disposed = new();
    private readonly EtcdCompactor? _compactor;
    private long _compacted;

    private EtcdStore(EtcdStoreOptions options)
    {
        _options = options;
        _channel = EtcdChannel.Create(options);
        _kv = new KV.KVClient(_channel);
        WatchClient = new WatchService.WatchClient(_channel);
        _keys = new EtcdKeys(options.KeyPrefix);
        if (options.CompactionInterval > TimeSpan.Zero)
        {
            _compactor = new EtcdCompactor(this, options.CompactionInterval, options.TimeProvider);
        }
    }

    internal WatchService.WatchClient WatchClient { get; }

    internal EtcdKeys Keys => _keys;

    internal TimeProvider Time => _options.TimeProvider;

    internal CancellationToken Disposed => _disposed.Token;

    public long CompactedRevision => Interlocked.Read(ref _compacted);

    /// <summary>Connects to the cluster (waiting up to the request timeout for a member to answer) and reads its compacted revision.</summary>
    public static async Task<EtcdStore> OpenAsync(EtcdStoreOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var store = new EtcdStore(options);
        try
        {
            await store.RefreshCompactedRevisionAsync(cancellationToken);
            store._compactor?.Start();
            return store;
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    public async ValueTask<long> GetCurrentRevisionAsync(CancellationToken cancellationToken)
    {
        var response = await CallAsync(o => _kv.RangeAsync(new RangeRequest { Key = _keys.CompactRevisionKey, CountOnly = true }, o).ResponseAsync, cancellationToken);
        return response.Header.Revision;
    }

    public async ValueTask<KeyValue?> GetAsync(string key, long revision, CancellationToken cancellationToken)
    {
        var response = await RangeAsync(new RangeRequest { Key = _keys.Key(key), Revision = revision }, cancellationToken);
        return response.Kvs.Count == 0 ? null : _keys.ToKeyValue(response.Kvs[0]);
    }

    public async ValueTask<ListResult> ListAsync(string prefix, ListOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (start, end) = _keys.Range(prefix, options.StartKey);
        var response = await RangeAsync(new RangeRequest { Key = start, RangeEnd = end, Revision = options.Revision, Limit = options.Limit }, cancellationToken);
        var items = response.Kvs.Select(_keys.ToKeyValue).ToList();
        var revision = options.Revision == 0 ? response.Header.Revision : options.Revision;
        return new ListResult(items, revision, response.More, response.Count - items.Count);
    }

    public async ValueTask<long> CountAsync(string prefix, CancellationToken cancellationToken)
    {
        var (start, end) = _keys.Range(prefix);
        var response = await RangeAsync(new RangeRequest { Key = start, RangeEnd = end, CountOnly = true }, cancellationToken);
        return response.Count;
    }

    public IStoreWatch Watch(string prefix, long afterRevision)
    {
        var compacted = CompactedRevision;
        if (afterRevision < compacted)
        {
            throw new RevisionCompactedException(afterRevision, compacted);
        }

        return EtcdWatch.Start(this, prefix, afterRevision, _options.WatcherBufferSize);
    }

    /// <summary>
    /// Compacts etcd's history at <paramref name="revision"/>: reads below it fail from now on. A revision at or below
    /// the compacted one is a no-op.
    /// </summary>
    public async ValueTask CompactAsync(long revision, CancellationToken cancellationToken)
    {
        if (revision <= CompactedRevision)
        {
            return;
        }

        try
        {
            await CallAsync(o => _kv.CompactAsync(new CompactionRequest { Revision = revision }, o).ResponseAsync, cancellationToken);
        }
        catch (RpcException e) when (EtcdErrors.IsFutureRevision(e))
        {
            throw new FutureRevisionException(revision, await GetCurrentRevisionAsync(cancellationToken));
        }
        catch (RpcException e) when (EtcdErrors.IsCompacted(e))
        {
            // Another server compacted further already.
            await RefreshCompactedRevisionAsync(cancellationToken);
            return;
        }

        NoteCompacted(revision);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        await _disposed.CancelAsync();
        if (_compactor is not null)
        {
            await _compactor.DisposeAsync();
        }

        _channel.Dispose();
        _disposed.Dispose();
    }

    internal void NoteCompacted(long revision)
    {
        var seen = Interlocked.Read(ref _compacted);
        while (revision > seen)
        {
            var was = Interlocked.CompareExchange(ref _compacted, revision, seen);
            if (was == seen)
            {
                return;
            }

            seen = was;
        }
    }

    /// <summary>
    /// Learns the compacted revision from etcd, which does not report it directly: it is the oldest revision a read
    /// still works at, found by bisection (about log2(current) count-only reads; done at start and after a read or
    /// watch hit a compaction it did not know of).
    /// </summary>
    internal async Task<long> RefreshCompactedRevisionAsync(CancellationToken cancellationToken)
    {
        var current = await GetCurrentRevisionAsync(cancellationToken);
        long low = Math.Max(1, CompactedRevision), high = current;
        if (await IsReadableAsync(low, cancellationToken))
        {
            return CompactedRevision;
        }

        // Invariant: low is not readable, high is.
        while (high - low > 1)
        {
            var middle = low + ((high - low) / 2);
            if (await IsReadableAsync(middle, cancellationToken))
            {
                high = middle;
            }
            else
            {
                low = middle;
            }
        }

        NoteCompacted(high);
        return CompactedRevision;
    }

    private async Task<bool> IsReadableAsync(long revision, CancellationToken cancellationToken)
    {
        try
        {
            await CallAsync(o => _kv.RangeAsync(new RangeRequest { Key = _keys.CompactRevisionKey, CountOnly = true, Revision = revision }, o).ResponseAsync, cancellationToken);
            return true;
        }
        catch (RpcException e) when (EtcdErrors.IsCompacted(e))
        {
            return false;
        }
    }

    /// <summary>A range at a revision, with etcd's revision errors turned into the contract's.</summary>
    private async Task<RangeResponse> RangeAsync(RangeRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await CallAsync(o => _kv.RangeAsync(request, o).ResponseAsync, cancellationToken);
        }
        catch (RpcException e) when (EtcdErrors.IsCompacted(e))
        {
            throw new RevisionCompactedException(request.Revision, await RefreshCompactedRevisionAsync(cancellationToken));
        }
        catch (RpcException e) when (EtcdErrors.IsFutureRevision(e))
        {
            throw new FutureRevisionException(request.Revision, await GetCurrentRevisionAsync(cancellationToken));
        }
    }

    /// <summary>Runs one etcd call, again on transient errors (another member, a new raft leader) until the request timeout.</summary>
    private Task<T> CallAsync<T>(Func<CallOptions, Task<T>> call, CancellationToken cancellationToken) =>
        CallAsync((o, _) => call(o), cancellationToken);

    /// <param name="call">Gets the call options and whether this is a retry.</param>
    private async Task<T> CallAsync<T>(Func<CallOptions, bool, Task<T>> call, CancellationToken cancellationToken)
    {
        // The time limit is real time, like gRPC's own deadlines: it bounds waiting on a cluster, not a simulated clock.
        using var timeout = new CancellationTokenSource(_options.RequestTimeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token, timeout.Token);
        var delay = TimeSpan.FromMilliseconds(50);
        RpcException? last = null;
        try
        {
            for (var retry = false; ; retry = true)
            {
                try
                {
                    return await call(new CallOptions(cancellationToken: linked.Token), retry);
                }
                catch (RpcException e) when (EtcdErrors.IsTransient(e) && !linked.IsCancellationRequested)
                {
                    last = e;
                    await Task.Delay(delay, linked.Token);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(1).Ticks));
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && linked.IsCancellationRequested)
                {
                    throw new OperationCanceledException(linked.Token);
                }
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested && !_disposed.IsCancellationRequested)
        {
            throw new TimeoutException($"etcd did not answer within {_options.RequestTimeout.TotalSeconds:0.#} s: {last?.Status.Detail ?? "no reply"}", last);
        }
    }
}
