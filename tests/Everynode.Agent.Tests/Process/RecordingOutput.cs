using System.Text;
using Everynode.Agent.Runtime;

namespace Everynode.Agent.Tests.Process;

/// <summary>Collects a container's output lines.</summary>
internal sealed class RecordingOutput : IContainerOutput
{
    private readonly Lock _lock = new();
    private readonly List<(OutputStreamKind Stream, string Line, bool Unterminated)> _lines = [];

    public void WriteLine(OutputStreamKind stream, ReadOnlySpan<byte> line, bool unterminated)
    {
        lock (_lock)
        {
            _lines.Add((stream, Encoding.UTF8.GetString(line), unterminated));
        }
    }

    public IReadOnlyList<(OutputStreamKind Stream, string Line, bool Unterminated)> Lines
    {
        get
        {
            lock (_lock)
            {
                return [.. _lines];
            }
        }
    }

    public IReadOnlyList<string> Stdout => Lines.Where(l => l.Stream == OutputStreamKind.Stdout).Select(l => l.Line).ToList();

    public IReadOnlyList<string> Stderr => Lines.Where(l => l.Stream == OutputStreamKind.Stderr).Select(l => l.Line).ToList();

    /// <summary>Waits (bounded) until a stdout line satisfies <paramref name="match"/>.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Stdout.FirstOrDefault(match) is { } line)
            {
                return line;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"no matching line within {timeout}; got: {string.Join(" | ", Lines.Select(l => l.Line))}");
    }
}
