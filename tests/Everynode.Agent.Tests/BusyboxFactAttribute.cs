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
