using System.Collections.Concurrent;
using System.Diagnostics;
using Everynode.Agent.Images;

namespace Everynode.Cli.Images;

/// <summary>
/// Per-layer progress of <c>image pull</c>: on a terminal, one line per layer redrawn in place (digest, a bar,
/// bytes and rate); otherwise one line per layer when it completes.
/// </summary>
internal sealed class PullProgressPrinter(TextWriter output, bool interactive) : IProgress<PullProgress>
{
    private const int BarWidth = 30;

    private readonly ConcurrentDictionary<string, PullProgress> _layers = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private int _drawn;
    private TimeSpan _lastDraw = TimeSpan.MinValue;

    public void Report(PullProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (_gate)
        {
            if (!_layers.ContainsKey(value.Digest))
            {
                _order.Add(value.Digest);
            }

            var done = value.Done >= value.Total && _layers.TryGetValue(value.Digest, out var before) && before.Done < before.Total;
            _layers[value.Digest] = value;
            if (!interactive)
            {
                if (done || (value.Done >= value.Total && value.Total == 0))
                {
                    output.WriteLine($"{Short(value.Digest)}: done {ImageCommand.HumanSize(value.Total)}");
                }

                return;
            }

            if (done || _clock.Elapsed - _lastDraw > TimeSpan.FromMilliseconds(100))
            {
                Draw();
            }
        }
    }

    /// <summary>Draws the final state.</summary>
    public void Finish()
    {
        lock (_gate)
        {
            if (interactive && _order.Count > 0)
            {
                Draw();
            }
        }
    }

    private void Draw()
    {
        _lastDraw = _clock.Elapsed;
        if (_drawn > 0)
        {
            output.Write($"\u001b[{_drawn}A");
        }

        var seconds = Math.Max(_clock.Elapsed.TotalSeconds, 0.001);
        foreach (var digest in _order)
        {
            var p = _layers[digest];
            var fraction = p.Total == 0 ? 1 : Math.Clamp((double)p.Done / p.Total, 0, 1);
            var filled = (int)(fraction * BarWidth);
            var bar = new string('=', filled) + (filled < BarWidth ? ">" + new string(' ', BarWidth - filled - 1) : "");
            output.WriteLine($"\r\u001b[2K{Short(digest)}: [{bar}] {ImageCommand.HumanSize(p.Done)}/{ImageCommand.HumanSize(p.Total)} {ImageCommand.HumanSize((long)(p.Done / seconds))}/s");
        }

        _drawn = _order.Count;
        output.Flush();
    }

    private static string Short(string digest) => digest.StartsWith("sha256:", StringComparison.Ordinal) ? digest[7..19] : digest;
}
