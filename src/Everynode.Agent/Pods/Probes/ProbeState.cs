namespace Everynode.Agent.Pods.Probes;

/// <summary>
/// The result of one probe as upstream's prober worker keeps it: it flips to success after successThreshold
/// consecutive successes and to failure after failureThreshold consecutive failures; in between it keeps its value.
/// </summary>
internal sealed class ProbeState
{
    private readonly int _successThreshold;
    private readonly int _failureThreshold;
    private int _successes;
    private int _failures;

    public ProbeState(int successThreshold, int failureThreshold, bool initialResult)
    {
        _successThreshold = Math.Max(1, successThreshold);
        _failureThreshold = Math.Max(1, failureThreshold);
        Result = initialResult;
    }

    public bool Result { get; private set; }

    /// <summary>Takes one probe outcome; returns true when <see cref="Result"/> changed.</summary>
    public bool Observe(bool success)
    {
        if (success)
        {
            _failures = 0;
            _successes++;
            if (!Result && _successes >= _successThreshold)
            {
                Result = true;
                return true;
            }
        }
        else
        {
            _successes = 0;
            _failures++;
            if (Result && _failures >= _failureThreshold)
            {
                Result = false;
                return true;
            }
        }

        return false;
    }
}
