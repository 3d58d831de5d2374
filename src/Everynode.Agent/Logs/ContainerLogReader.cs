using System.Text;

namespace Everynode.Agent.Logs;

/// <summary>
/// Turns a container run's CRI log files back into what the container printed, as the kubelet serves logs:
/// sinceTime/sinceSeconds, tailLines, timestamps (the file's RFC 3339 timestamp and a space before each line),
/// limitBytes, and follow (keeps sending new lines until the run ends or the caller goes away).
/// </summary>
internal static class ContainerLogReader
{
    private static readonly TimeSpan FollowPoll = TimeSpan.FromMilliseconds(100);

    /// <param name="runFile">the run's log file (<c>N.log</c>); its rotated part <c>N.log.1</c> is read first</param>
    /// <param name="stillWriting">true while the run may still add lines (follow keeps going)</param>
    public static async Task WriteAsync(string runFile, LogRequest request, Stream output, Func<bool> stillWriting, TimeProvider time, CancellationToken ct)
    {
        var limit = request.LimitBytes ?? long.MaxValue;
        long written = 0;
        var lines = new List<string>();
        foreach (var file in new[] { ContainerLogPaths.RotatedFile(runFile), runFile })
        {
            if (File.Exists(file))
            {
                lines.AddRange(await ReadLinesAsync(file, ct));
            }
        }

        var selected = Select(lines, request);
        foreach (var line in selected)
        {
            if (!await WriteLineAsync(line))
            {
                return;
            }
        }

        await output.FlushAsync(ct);
        if (!request.Follow)
        {
            return;
        }

        // Follow: continue from the end of the current file; a rotation (the file got shorter) starts over at 0.
        long offset = File.Exists(runFile) ? new FileInfo(runFile).Length : 0;
        var pending = "";
        while (!ct.IsCancellationRequested)
        {
            var writing = stillWriting();
            var length = File.Exists(runFile) ? new FileInfo(runFile).Length : 0;
            if (length < offset)
            {
                offset = 0;
            }

            if (length > offset)
            {
                await using var stream = new FileStream(runFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                stream.Seek(offset, SeekOrigin.Begin);
                var buffer = new byte[length - offset];
                await stream.ReadExactlyAsync(buffer, ct);
                offset = length;
                var text = pending + Encoding.UTF8.GetString(buffer);
                var end = text.LastIndexOf('\n');
                pending = end < 0 ? text : text[(end + 1)..];
                foreach (var raw in (end < 0 ? "" : text[..end]).Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    if (CriLogLine.TryParse(raw, out var line) && (request.Since is null || line.Time >= request.Since) && !await WriteLineAsync(line))
                    {
                        return;
                    }
                }

                await output.FlushAsync(ct);
            }
            else if (!writing)
            {
                return;
            }

            await Task.Delay(FollowPoll, time, ct);
        }

        async Task<bool> WriteLineAsync(CriLogLine line)
        {
            var text = (request.Timestamps ? line.Timestamp + " " : "") + line.Content + (line.Partial ? "" : "\n");
            var bytes = Encoding.UTF8.GetBytes(text);
            if (written + bytes.Length > limit)
            {
                await output.WriteAsync(bytes.AsMemory(0, (int)(limit - written)), ct);
                written = limit;
                return false;
            }

            await output.WriteAsync(bytes, ct);
            written += bytes.Length;
            return true;
        }
    }

    /// <summary>The lines a non-follow request returns: since-filtered, then the last tailLines.</summary>
    public static List<CriLogLine> Select(IEnumerable<string> rawLines, LogRequest request)
    {
        var parsed = new List<CriLogLine>();
        foreach (var raw in rawLines)
        {
            if (CriLogLine.TryParse(raw, out var line) && (request.Since is null || line.Time >= request.Since))
            {
                parsed.Add(line);
            }
        }

        if (request.TailLines is { } tail)
        {
            // Count whole lines: a partial line belongs to the full line that ends it.
            var kept = 0;
            var start = parsed.Count;
            while (start > 0)
            {
                var candidate = parsed[start - 1];
                if (!candidate.Partial)
                {
                    if (kept == tail)
                    {
                        break;
                    }

                    kept++;
                }

                start--;
            }

            return parsed.GetRange(start, parsed.Count - start);
        }

        return parsed;
    }

    private static async Task<string[]> ReadLinesAsync(string path, CancellationToken ct)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(ct);
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
