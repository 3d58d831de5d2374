using Google.Protobuf;

namespace Everynode.Storage.Etcd;

/// <summary>Maps the store's string keys to etcd's byte keys under an optional prefix, and back.</summary>
internal sealed class EtcdKeys(string prefix)
{
    /// <summary>Upstream's name for the key whose version coordinates periodic compaction between API servers.</summary>
    public ByteString CompactRevisionKey { get; } = ByteString.CopyFromUtf8(prefix + "compact_rev_key");

    public ByteString Key(string key) => ByteString.CopyFromUtf8(prefix + key);

    public string Name(ByteString key)
    {
        var full = key.ToStringUtf8();
        return full[prefix.Length..];
    }

    public KeyValue ToKeyValue(Mvccpb.KeyValue kv) => new(Name(kv.Key), kv.Value.Memory, kv.CreateRevision, kv.ModRevision);

    /// <summary>
    /// The etcd range [start, end) of the keys under <paramref name="keyPrefix"/>, starting at <paramref name="startKey"/>
    /// when that is past the prefix. The end is the prefix's bytes with the last byte below 0xff incremented (etcd's
    /// own rule, exact for any UTF-8); "\0" when there is none, which etcd reads as "to the last key".
    /// </summary>
    public (ByteString Start, ByteString End) Range(string keyPrefix, string? startKey = null)
    {
        var prefixBytes = System.Text.Encoding.UTF8.GetBytes(prefix + keyPrefix);
        var end = PrefixEnd(prefixBytes);
        var start = startKey is not null && string.CompareOrdinal(startKey, keyPrefix) > 0 ? Key(startKey)
            : prefixBytes.Length == 0 ? ByteString.CopyFrom(0) : ByteString.CopyFrom(prefixBytes);
        return (start, end);
    }

    private static ByteString PrefixEnd(byte[] prefixBytes)
    {
        for (var i = prefixBytes.Length - 1; i >= 0; i--)
        {
            if (prefixBytes[i] < 0xff)
            {
                var end = prefixBytes[..(i + 1)];
                end[i]++;
                return ByteString.CopyFrom(end);
            }
        }

        return ByteString.CopyFrom(0);
    }
}
