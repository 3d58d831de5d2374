using Etcdserverpb;
using Google.Protobuf;
using static Etcdserverpb.Compare.Types;

namespace Everynode.Storage.Etcd;

/// <summary>
/// Writes: one etcd transaction each, "if the key's mod revision is as expected then write, else read the key", so the
/// check and the write are atomic in etcd and a failed check returns the value that made it fail.
/// </summary>
/// <remarks>
/// A transaction retried after a lost member may have been applied by the attempt that got no answer. On a retry, a
/// failed check that finds exactly the value this call wrote is taken as that earlier success (a key another client
/// set to the same bytes in between is indistinguishable, and equally harmless). A retried delete whose first attempt
/// went through finds no key and reports <see cref="KeyNotFoundException"/>, as if another client had deleted it.
/// </remarks>
public sealed partial class EtcdStore
{
    public async ValueTask<long> CreateAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken)
    {
        var k = _keys.Key(key);
        var v = ByteString.CopyFrom(value.Span);
        var (response, retried) = await TxnAsync(Guarded(k, CompareResult.Equal, 0, new RequestOp { RequestPut = new PutRequest { Key = k, Value = v } }), cancellationToken);
        if (response.Succeeded)
        {
            return response.Header.Revision;
        }

        var current = CurrentOf(response);
        if (retried && current is not null && current.Value.Equals(v) && current.CreateRevision == current.ModRevision)
        {
            return current.ModRevision;
        }

        throw new KeyExistsException(key);
    }

    public async ValueTask<long> UpdateAsync(string key, ReadOnlyMemory<byte> value, long expectedModRevision, CancellationToken cancellationToken)
    {
        var k = _keys.Key(key);
        var v = ByteString.CopyFrom(value.Span);
        var put = new RequestOp { RequestPut = new PutRequest { Key = k, Value = v } };
        var (response, retried) = await TxnAsync(GuardedByModRevision(k, expectedModRevision, put), cancellationToken);
        if (response.Succeeded)
        {
            return response.Header.Revision;
        }

        var current = CurrentOf(response) ?? throw new KeyNotFoundException(key);
        if (retried && current.Value.Equals(v))
        {
            return current.ModRevision;
        }

        throw new ConflictException(key, expectedModRevision, _keys.ToKeyValue(current));
    }

    public async ValueTask<DeleteResult> DeleteAsync(string key, long expectedModRevision, CancellationToken cancellationToken)
    {
        var k = _keys.Key(key);
        var delete = new RequestOp { RequestDeleteRange = new DeleteRangeRequest { Key = k, PrevKv = true } };
        var (response, _) = await TxnAsync(GuardedByModRevision(k, expectedModRevision, delete), cancellationToken);
        if (response.Succeeded)
        {
            var deleted = response.Responses[0].ResponseDeleteRange.PrevKvs;
            return deleted.Count == 1
                ? new DeleteResult(response.Header.Revision, _keys.ToKeyValue(deleted[0]))
                : throw new KeyNotFoundException(key);
        }

        var current = CurrentOf(response) ?? throw new KeyNotFoundException(key);
        throw new ConflictException(key, expectedModRevision, _keys.ToKeyValue(current));
    }

    /// <summary>Expected mod revision 0 means "any, as long as the key exists" (mod revision &gt; 0).</summary>
    private static TxnRequest GuardedByModRevision(ByteString key, long expectedModRevision, RequestOp write) =>
        expectedModRevision > 0
            ? Guarded(key, CompareResult.Equal, expectedModRevision, write)
            : Guarded(key, CompareResult.Greater, 0, write);

    private static TxnRequest Guarded(ByteString key, CompareResult result, long modRevision, RequestOp write)
    {
        var txn = new TxnRequest();
        txn.Compare.Add(new Compare { Key = key, Target = CompareTarget.Mod, Result = result, ModRevision = modRevision });
        txn.Success.Add(write);
        txn.Failure.Add(new RequestOp { RequestRange = new RangeRequest { Key = key } });
        return txn;
    }

    /// <summary>The key as the failure branch read it; null when it does not exist.</summary>
    private static Mvccpb.KeyValue? CurrentOf(TxnResponse failed)
    {
        var kvs = failed.Responses[0].ResponseRange.Kvs;
        return kvs.Count == 0 ? null : kvs[0];
    }

    /// <summary>A transaction as is, with the store's retries (for the compactor's own protocol).</summary>
    internal Task<TxnResponse> RawTxnAsync(TxnRequest txn, CancellationToken cancellationToken) =>
        CallAsync(o => _kv.TxnAsync(txn, o).ResponseAsync, cancellationToken);

    private async Task<(TxnResponse Response, bool Retried)> TxnAsync(TxnRequest txn, CancellationToken cancellationToken)
    {
        var retried = false;
        var response = await CallAsync(
            (o, retry) =>
            {
                retried |= retry;
                return _kv.TxnAsync(txn, o).ResponseAsync;
            },
            cancellationToken);
        return (response, retried);
    }
}
