namespace Everynode.Agent.Tests;

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
