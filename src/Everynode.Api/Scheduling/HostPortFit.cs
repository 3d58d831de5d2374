namespace Everynode.Api.Scheduling;

/// <summary>
/// Whether the host ports a pod wants are free on a node (upstream's nodeports fitsPorts), for the scheduler's
/// NodePorts filter and the agent's admission.
/// </summary>
public static class HostPortFit
{
    /// <summary>The scheduler's NodePorts failure reason, which the agent's admission repeats.</summary>
    public const string ErrReason = "node(s) didn't have free ports for the requested pod ports";

    public static bool Fits(IReadOnlyList<HostPort> wanted, HostPortInfo used)
    {
        ArgumentNullException.ThrowIfNull(wanted);
        ArgumentNullException.ThrowIfNull(used);
        foreach (var port in wanted)
        {
            if (used.Conflicts(port))
            {
                return false;
            }
        }

        return true;
    }
}
