using System.Diagnostics;

namespace Everynode.E2E.Tests.Harness;

/// <summary>Sends POSIX signals with the system's <c>kill</c> command (the test must not signal itself).</summary>
internal static class Signals
{
    public static async Task SendAsync(int pid, string signal, CancellationToken ct)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            UseShellExecute = false,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("could not start kill");
        var stderr = kill.StandardError.ReadToEndAsync(ct);
        await kill.WaitForExitAsync(ct);
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {pid} exited {kill.ExitCode}: {await stderr}");
        }
    }
}
