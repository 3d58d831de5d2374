namespace Everynode.Agent.Volumes;

/// <summary>A hostPath volume failed its type check.</summary>
internal sealed class HostPathCheckException : Exception
{
    public HostPathCheckException(string message) : base(message) { }
    public HostPathCheckException(string message, Exception inner) : base(message, inner) { }
    public HostPathCheckException() { }
}
