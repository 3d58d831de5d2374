using System.Globalization;

namespace Everynode.Cli.Bench;

/// <summary>Resident memory of a process from <c>/proc/PID/status</c>.</summary>
internal static class ProcessMemory
{
    /// <summary>The peak resident set (VmHWM) in MiB, or null when the process is gone.</summary>
    public static double? PeakResidentMiB(int pid) => ReadKilobytes(pid, "VmHWM:") is { } kb ? kb / 1024.0 : null;

    private static long? ReadKilobytes(int pid, string field)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
            return line is null ? null : long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
