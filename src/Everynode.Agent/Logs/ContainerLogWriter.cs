using System.Globalization;
using System.Text;
using Everynode.Agent.Runtime;

namespace Everynode.Agent.Logs;

/// <summary>
/// Writes one container run's output in the CRI log format (<c>TIMESTAMP STREAM F|P LINE</c>, RFC 3339 with
/// nanoseconds) to its run file. When the file passes the size cap it is moved to <c>N.log.1</c> (replacing an older
/// rotated part) and a new file is started, so a run keeps at most twice the cap. Thread-safe.
/// </summary>
internal sealed class ContainerLogWriter : IContainerOutput, IDisposable
{
    private static readonly byte[] Stdout = Encoding.ASCII.GetBytes(" stdout ");
    private static readonly byte[] Stderr = Encoding.ASCII.GetBytes(" stderr ");

    private readonly string _path;
    private readonly long _maxBytes;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private FileStream _file;
    private bool _disposed;

    public ContainerLogWriter(string path, long maxBytes, TimeProvider time)
    {
        _path = path;
        _maxBytes = maxBytes;
        _time = time;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        _file = Open(path);
    }

    public string Path => _path;

    public void WriteLine(OutputStreamKind stream, ReadOnlySpan<byte> line, bool unterminated)
    {
        var timestamp = Encoding.ASCII.GetBytes(FormatTimestamp(_time.GetUtcNow()));
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _file.Write(timestamp);
            _file.Write(stream == OutputStreamKind.Stdout ? Stdout : Stderr);
            _file.WriteByte(unterminated ? (byte)'P' : (byte)'F');
            _file.WriteByte((byte)' ');
            _file.Write(line);
            _file.WriteByte((byte)'\n');
            _file.Flush();
            if (_file.Length >= _maxBytes)
            {
                Rotate();
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _file.Dispose();
        }
    }

    /// <summary>RFC 3339 with nine fractional digits, as containerd writes CRI logs.</summary>
    public static string FormatTimestamp(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        var nanos = utc.Ticks % TimeSpan.TicksPerSecond * 100;
        return utc.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "." + nanos.ToString("D9", CultureInfo.InvariantCulture) + "Z";
    }

    private void Rotate()
    {
        _file.Dispose();
        File.Move(_path, ContainerLogPaths.RotatedFile(_path), overwrite: true);
        _file = Open(_path);
    }

    private static FileStream Open(string path) => new(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
}
