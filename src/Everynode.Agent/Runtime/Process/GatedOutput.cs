using System.Text;

namespace Everynode.Agent.Runtime.Process;

/// <summary>
/// Holds a sandbox's output until the container's own process has started. What the sandbox tools print before
/// that (bubblewrap's "Can't mkdir", "execvp … No such file") is not the container's output but the reason it did
/// not start; <see cref="Discard"/> turns it into that reason, <see cref="Open"/> delivers it as output after all.
/// </summary>
internal sealed class GatedOutput(IContainerOutput inner) : IContainerOutput
{
    private readonly Lock _lock = new();
    private List<(OutputStreamKind Stream, byte[] Line, bool Unterminated)>? _held = [];

    public void WriteLine(OutputStreamKind stream, ReadOnlySpan<byte> line, bool unterminated)
    {
        lock (_lock)
        {
            if (_held is not null)
            {
                _held.Add((stream, line.ToArray(), unterminated));
                return;
            }
        }

        inner.WriteLine(stream, line, unterminated);
    }

    /// <summary>The first held stderr line, if any.</summary>
    public string? FirstErrorLine
    {
        get
        {
            lock (_lock)
            {
                return _held?.Where(h => h.Stream == OutputStreamKind.Stderr).Select(h => Encoding.UTF8.GetString(h.Line)).FirstOrDefault();
            }
        }
    }

    /// <summary>Delivers what was held and passes everything straight on from now.</summary>
    public void Open()
    {
        lock (_lock)
        {
            foreach (var (stream, line, unterminated) in _held ?? [])
            {
                inner.WriteLine(stream, line, unterminated);
            }

            _held = null;
        }
    }

    /// <summary>Drops what was held (it explained a failed start).</summary>
    public void Discard()
    {
        lock (_lock)
        {
            _held = [];
        }
    }
}
