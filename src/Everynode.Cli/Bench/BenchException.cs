namespace Everynode.Cli.Bench;

/// <summary>A benchmark phase that could not finish (timed out, or a process it needs exited).</summary>
internal sealed class BenchException(string message) : Exception(message);
