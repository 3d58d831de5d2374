namespace Everynode.Agent.Images;

/// <summary>A read-only stream that refuses to yield more than a fixed number of bytes from its inner stream
/// (the decompressed side of a layer), with an <see cref="InvalidDataException"/> once it would; optionally hashing
/// what passes through.</summary>
internal sealed class BoundedReadStream(Stream inner, long limit, System.Security.Cryptography.IncrementalHash? hash = null) : Stream
{
    private long _read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        _read += n;
        hash?.AppendData(buffer[..n]);
        if (_read > limit)
        {
            throw new InvalidDataException($"the layer unpacks to more than {limit} bytes; refused as a decompression bomb");
        }

        return n;
    }

    public override void Flush() { }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
