namespace Everynode.Agent.Runtime.Process;

/// <summary>Upstream's words (runc's) for a command that cannot be executed, from what bwrap and nsenter print.</summary>
internal static class ExecFailure
{
    public static string NotFound(string executable) => executable.Contains('/', StringComparison.Ordinal)
        ? $"exec: \"{executable}\": stat {executable}: no such file or directory"
        : $"exec: \"{executable}\": executable file not found in $PATH";

    /// <summary>The reason a sandbox did not start, from its first stderr line.</summary>
    public static string FromSandbox(string? line, string executable, int exitCode)
    {
        const string Prefix = "unable to start container process: ";
        if (line is null)
        {
            return $"{Prefix}the sandbox exited with status {exitCode} before starting {executable}";
        }

        if (line.StartsWith("bwrap: execvp ", StringComparison.Ordinal))
        {
            if (line.EndsWith("No such file or directory", StringComparison.Ordinal))
            {
                return Prefix + NotFound(executable);
            }

            if (line.EndsWith("Permission denied", StringComparison.Ordinal))
            {
                return Prefix + $"exec: \"{executable}\": permission denied";
            }
        }

        return Prefix + "sandbox: " + line;
    }

    /// <summary>nsenter's "failed to execute" in runc's words; any other output unchanged.</summary>
    public static string FromNsenter(string output, string executable)
    {
        if (!output.StartsWith("nsenter: failed to execute ", StringComparison.Ordinal))
        {
            return output;
        }

        var reason = output.TrimEnd().EndsWith("No such file or directory", StringComparison.Ordinal) ? NotFound(executable)
            : $"exec: \"{executable}\": permission denied";
        return "OCI runtime exec failed: exec failed: unable to start container process: " + reason;
    }
}
