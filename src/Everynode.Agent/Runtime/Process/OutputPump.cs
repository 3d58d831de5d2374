namespace Everynode.Agent.Runtime.Process;

/// <summary>
/// Reads one of a container's pipes and hands it on line by line. A line longer than the limit is delivered in
/// pieces marked unterminated, and so is a last line without its newline.
/// </summary>
internal static class OutputPump
{
    public static async Task RunAsync(Stream pipe, OutputStreamKind kind, IContainerOutput output, int maxLineBytes)
    {
        var line = new byte[maxLineBytes];
        var length = 0;
        var chunk = new byte[8192];
        try
        {
            int read;
            while ((read = await pipe.ReadAsync(chunk)) > 0)
            {
                var start = 0;
                for (var i = 0; i < read; i++)
                {
                    if (chunk[i] != (byte)'\n')
                    {
                        continue;
                    }

                    Append(chunk.AsSpan(start, i - start), line, ref length, kind, output);
                    output.WriteLine(kind, line.AsSpan(0, length), unterminated: false);
                    length = 0;
                    start = i + 1;
                }

                Append(chunk.AsSpan(start, read - start), line, ref length, kind, output);
            }
        }
        catch (IOException)
        {
            // The pipe broke because the container is gone; what was read is delivered below.
        }
        catch (ObjectDisposedException)
        {
        }

        if (length > 0)
        {
            output.WriteLine(kind, line.AsSpan(0, length), unterminated: true);
        }
    }

    private static void Append(ReadOnlySpan<byte> bytes, byte[] line, ref int length, OutputStreamKind kind, IContainerOutput output)
    {
        while (bytes.Length > 0)
        {
            var room = line.Length - length;
            if (room == 0)
            {
                output.WriteLine(kind, line, unterminated: true);
                length = 0;
                room = line.Length;
            }

            var take = Math.Min(room, bytes.Length);
            bytes[..take].CopyTo(line.AsSpan(length));
            length += take;
            bytes = bytes[take..];
        }
    }
}
