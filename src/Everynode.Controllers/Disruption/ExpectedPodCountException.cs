namespace Everynode.Controllers.Disruption;

/// <summary>The number of pods a budget protects cannot be worked out (upstream's getExpectedScale errors).</summary>
public sealed class ExpectedPodCountException : Exception
{
    public ExpectedPodCountException()
    {
    }

    public ExpectedPodCountException(string message)
        : base(message)
    {
    }

    public ExpectedPodCountException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
