namespace Everynode.ApiServer.Protobuf;

/// <summary>
/// A minimal protobuf wire-format writer: strings and nested messages (length-delimited fields), enough to write
/// the few protobuf documents kubectl only reads as protobuf.
/// </summary>
internal sealed class ProtoWriter
{
    private readonly List<byte> _buffer = [];

    /// <summary>Field <paramref name="field"/> as a UTF-8 string; empty strings are left out, as proto3 does.</summary>
    public ProtoWriter String(int field, string value)
    {
        if (value.Length > 0)
        {
            Bytes(field, System.Text.Encoding.UTF8.GetBytes(value));
        }

        return this;
    }

    /// <summary>Field <paramref name="field"/> as an embedded message written by <paramref name="write"/>.</summary>
    public ProtoWriter Message(int field, Action<ProtoWriter> write)
    {
        var inner = new ProtoWriter();
        write(inner);
        return Bytes(field, inner.ToArray());
    }

    public byte[] ToArray() => _buffer.ToArray();

    private ProtoWriter Bytes(int field, byte[] value)
    {
        Varint(((ulong)field << 3) | 2);
        Varint((ulong)value.Length);
        _buffer.AddRange(value);
        return this;
    }

    private void Varint(ulong value)
    {
        while (value >= 0x80)
        {
            _buffer.Add((byte)(value | 0x80));
            value >>= 7;
        }

        _buffer.Add((byte)value);
    }
}
