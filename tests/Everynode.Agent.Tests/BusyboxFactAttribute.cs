namespace Everynode.Agent.Tests;

/// <summary>A test that needs the host's static busybox (Debian busybox-static; ./run-tests installs it as root).</summary>
internal sealed class BusyboxFactAttribute : FactAttribute
{
    public BusyboxFactAttribute()
    {
        if (Everynode.Agent.Images.BuiltinBusybox.FindStaticBusybox(null) is null)
        {
            Skip = "no statically linked busybox on this host (apt-get install busybox-static)";
        }
    }
}

/// <summary>A test that needs bubblewrap and a static busybox (./run-tests installs both as root).</summary>
internal sealed class SandboxFactAttribute : FactAttribute
{
    public SandboxFactAttribute()
    {
        if (Everynode.Agent.Images.BuiltinBusybox.FindStaticBusybox(null) is null)
        {
            Skip = "no statically linked busybox on this host (apt-get install busybox-static)";
        }
        else if (Everynode.Agent.Runtime.Process.ProcessRuntime.FindTool("bwrap") is null)
        {
            Skip = "bubblewrap is not installed (apt-get install bubblewrap)";
        }
    }
}
