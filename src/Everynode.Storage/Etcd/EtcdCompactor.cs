using Etcdserverpb;
using Google.Protobuf;
using static Etcdserverpb.Compare.Types;

namespace Everynode.Storage.Etcd;

/// <summary>
/// Periodic compaction shared by every API server on one etcd, the way upstream's apiserver does it: each interval,
/// compact at the revision seen one interval earlier (so at least one interval of history stays for watches), but only
/// if the version of <c>compact_rev_key</c> is still the one this server saw last time. The transaction that bumps
/// that version wins for exactly one server per interval; the others just learn the new version and try next time.
/// </summary>
internal sealed class EtcdCompactor(EtcdStore store, TimeSpan interval, TimeProvider time) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public void Start() => _loop = Task.Run(() => RunAsync(_stop.Token));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken ct)
    {
        long seenVersion = 0, previousRevision = 0;
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                try
                {
                    (seenVersion, previousRevision) = await TickAsync(seenVersion, previousRevision, ct);
                }
                catch (Exception e) when (e is Grpc.Core.RpcException or TimeoutException or StoreException)
                {
                    // etcd unreachable this time: compaction is only housekeeping, try again next interval.
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>One round; returns the compact key's version now and the revision to compact at next round.</summary>
    internal async Task<(long Version, long Revision)> TickAsync(long seenVersion, long compactAt, CancellationToken ct)
    {
        var key = store.Keys.CompactRevisionKey;
        var txn = new TxnRequest();
        txn.Compare.Add(new Compare { Key = key, Target = CompareTarget.Version, Result = CompareResult.Equal, Version = seenVersion });
        txn.Success.Add(new RequestOp { RequestPut = new PutRequest { Key = key, Value = ByteString.CopyFromUtf8(compactAt.ToString(System.Globalization.CultureInfo.InvariantCulture)) } });
        txn.Failure.Add(new RequestOp { RequestRange = new RangeRequest { Key = key } });
        var response = await store.RawTxnAsync(txn, ct);
        if (!response.Succeeded)
        {
            var kvs = response.Responses[0].ResponseRange.Kvs;
            return (kvs.Count == 0 ? 0 : kvs[0].Version, response.Header.Revision);
        }

        if (compactAt > 0)
        {
            await store.CompactAsync(compactAt, ct);
        }

        return (seenVersion + 1, response.Header.Revision);
    }
}
