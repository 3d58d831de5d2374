using Google.Protobuf;

namespace Everynode.ApiServer.Protobuf;

/// <summary>
/// Writes a protobuf message of strings and nested messages with Google.Protobuf's <see cref="CodedOutputStream"/>,
/// for the documents the server serves as protobuf (<c>/openapi/v2</c>). Empty strings are left out, as proto3 does.
/// </summary>
internal sealed class ProtobufMessageWriter : IDisposable
{
    private readonly MemoryStream _buffer = new();
    private readonly CodedOutputStream _output;

    public ProtobufMessageWriter() => _output = new CodedOutputStream(_buffer, leaveOpen: true);

    public ProtobufMessageWriter String(int field, string value)
    {
        if (value.Length > 0)
        {
            _output.WriteTag(field, WireFormat.WireType.LengthDelimited);
            _output.WriteString(value);
        }

        return this;
    }

    /// <summary>Field <paramref name="field"/> as an embedded message written by <paramref name="write"/>.</summary>
    public ProtobufMessageWriter Message(int field, Action<ProtobufMessageWriter> write)
    {
        using var inner = new ProtobufMessageWriter();
        write(inner);
        _output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        _output.WriteBytes(ByteString.CopyFrom(inner.ToArray()));
        return this;
    }

    public byte[] ToArray()
    {
        _output.Flush();
        return _buffer.ToArray();
    }

    public void Dispose()
    {
        _output.Dispose();
        _buffer.Dispose();
    }
}
