namespace Everynode.Agent.Pods.Probes;

/// <summary>One probe run: success, and for a failure the text upstream puts after "Liveness probe failed: ".</summary>
internal readonly record struct ProbeOutcome(bool Success, string Output)
{
    public static ProbeOutcome Ok => new(true, "");

    public static ProbeOutcome Failed(string output) => new(false, output);
}
