namespace Everynode.Agent.Node;

/// <summary>
/// The node pressure signals with the kubelet's default hard eviction thresholds: memory.available &lt; 100Mi,
/// nodefs.available &lt; 10%. Upstream sets no default PID threshold; the agent reports PIDPressure when fewer than
/// 5% of pid_max are left, which is where a node really starts failing forks.
/// </summary>
internal readonly record struct NodePressure(bool Memory, bool Disk, bool Pid)
{
    public const long MemoryAvailableThresholdBytes = 100L * 1024 * 1024;
    public const double DiskAvailableThresholdFraction = 0.10;
    public const double PidAvailableThresholdFraction = 0.05;

    public static NodePressure None => default;

    public static NodePressure From(HostReadings readings)
    {
        ArgumentNullException.ThrowIfNull(readings);
        var memory = readings.MemoryTotalBytes > 0 && readings.MemoryAvailableBytes < MemoryAvailableThresholdBytes;
        var disk = readings.DiskTotalBytes > 0 && readings.DiskAvailableBytes < readings.DiskTotalBytes * DiskAvailableThresholdFraction;
        var pid = readings.PidMax > 0 && readings.PidMax - readings.PidsInUse < readings.PidMax * PidAvailableThresholdFraction;
        return new NodePressure(memory, disk, pid);
    }
}
