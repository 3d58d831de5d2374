using System.Diagnostics;

namespace Everynode.Cli.Cluster;

/// <summary>
/// One line per step of a command that takes a while. On a terminal the line of the running step is redrawn in
/// place (with what it is waiting for) and ends with a tick or a cross; otherwise each step prints one plain line
/// when it ends, so logs and pipes read cleanly.
/// </summary>
internal sealed class StepProgress(TextWriter output, bool interactive)
{
    private readonly Lock _lock = new();
    private Stopwatch _clock = new();
    private string _title = "";
    private bool _open;

    public static StepProgress ForConsole() => new(Console.Out, !Console.IsOutputRedirected);

    /// <summary>Starts a step; the previous one must have ended.</summary>
    public void Begin(string title)
    {
        lock (_lock)
        {
            _title = title;
            _clock = Stopwatch.StartNew();
            _open = true;
            Draw($"  … {title}");
        }
    }

    /// <summary>What the running step waits for now (shown on a terminal only).</summary>
    public void Update(string detail)
    {
        lock (_lock)
        {
            if (_open)
            {
                Draw($"  … {_title}: {detail}");
            }
        }
    }

    public void Succeed(string? detail = null) => End(interactive ? "✓" : "ok", detail);

    public void Fail(string? detail = null) => End(interactive ? "✗" : "failed", detail);

    /// <summary>A line of its own between steps (a warning, or what to do next).</summary>
    public void Note(string line)
    {
        lock (_lock)
        {
            if (_open && interactive)
            {
                output.Write("\r\u001b[K");
            }

            output.WriteLine(line);
            if (_open && interactive)
            {
                output.Write($"  … {_title}");
            }

            output.Flush();
        }
    }

    private void End(string mark, string? detail)
    {
        lock (_lock)
        {
            if (!_open)
            {
                return;
            }

            _open = false;
            var seconds = _clock.Elapsed.TotalSeconds;
            var text = detail is null ? _title : $"{_title}: {detail}";
            var line = interactive ? $"  {mark} {text} ({seconds:0.0}s)" : $"{mark}: {text} ({seconds:0.0}s)";
            if (interactive)
            {
                output.Write("\r\u001b[K");
            }

            output.WriteLine(line);
            output.Flush();
        }
    }

    private void Draw(string line)
    {
        if (!interactive)
        {
            return;
        }

        output.Write("\r\u001b[K" + line);
        output.Flush();
    }
}
