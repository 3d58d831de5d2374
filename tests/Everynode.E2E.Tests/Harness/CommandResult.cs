namespace Everynode.E2E.Tests.Harness;

/// <summary>What a finished command printed and how it exited.</summary>
internal sealed record CommandResult(string CommandLine, int ExitCode, string Stdout, string Stderr)
{
    /// <summary>The result itself when the command exited 0; otherwise fails the test with everything it printed.</summary>
    public CommandResult EnsureSuccess()
    {
        if (ExitCode != 0)
        {
            Assert.Fail($"`{CommandLine}` exited {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
        }

        return this;
    }

    public override string ToString() => $"`{CommandLine}` exited {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}
