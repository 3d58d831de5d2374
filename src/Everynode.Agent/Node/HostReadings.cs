using System.Globalization;

namespace Everynode.Agent.Node;

/// <summary>What the host has and has left: the readings behind capacity and the pressure conditions.</summary>
internal sealed record HostReadings(
    long MemoryTotalBytes,
    long MemoryAvailableBytes,
    long DiskTotalBytes,
    long DiskAvailableBytes,
    long PidMax,
    long PidsInUse)
{
    /// <summary>Reads /proc/meminfo, statfs of <paramref name="dataDirectory"/> and the process count under /proc.</summary>
    public static HostReadings Read(string dataDirectory)
    {
        var (total, available) = ReadMemInfo();
        long diskTotal = 0, diskAvailable = 0;
        try
        {
            var drive = new DriveInfo(dataDirectory);
            diskTotal = drive.TotalSize;
            diskAvailable = drive.AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
        }

        return new HostReadings(total, available, diskTotal, diskAvailable, ReadPidMax(), CountProcesses());
    }

    /// <summary>The architecture as Kubernetes spells it (GOARCH).</summary>
    public static string Architecture => Everynode.Client.Connection.GoPlatform.Architecture;

    public static string KernelVersion => ReadFirstLine("/proc/sys/kernel/osrelease") ?? Environment.OSVersion.Version.ToString();

    /// <summary>PRETTY_NAME from /etc/os-release, as kubelet reports osImage.</summary>
    public static string OsImage
    {
        get
        {
            try
            {
                foreach (var line in File.ReadLines("/etc/os-release"))
                {
                    if (line.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))
                    {
                        return line["PRETTY_NAME=".Length..].Trim('"');
                    }
                }
            }
            catch (IOException)
            {
            }

            return "Linux";
        }
    }

    public static string MachineId => ReadFirstLine("/etc/machine-id") ?? "";

    public static string BootId => ReadFirstLine("/proc/sys/kernel/random/boot_id") ?? "";

    private static (long Total, long Available) ReadMemInfo()
    {
        long total = 0, available = 0;
        try
        {
            foreach (var line in File.ReadLines("/proc/meminfo"))
            {
                if (line.StartsWith("MemTotal:", StringComparison.Ordinal))
                {
                    total = KiloBytes(line);
                }
                else if (line.StartsWith("MemAvailable:", StringComparison.Ordinal))
                {
                    available = KiloBytes(line);
                }
            }
        }
        catch (IOException)
        {
        }

        return (total, available);

        static long KiloBytes(string line)
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return parts.Length >= 2 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var kb) ? kb * 1024 : 0;
        }
    }

    private static long ReadPidMax() =>
        long.TryParse(ReadFirstLine("/proc/sys/kernel/pid_max"), NumberStyles.None, CultureInfo.InvariantCulture, out var max) ? max : 32768;

    private static long CountProcesses()
    {
        try
        {
            return Directory.EnumerateDirectories("/proc").Count(d => Path.GetFileName(d).All(char.IsAsciiDigit));
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static string? ReadFirstLine(string path)
    {
        try
        {
            return File.ReadLines(path).FirstOrDefault()?.Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
