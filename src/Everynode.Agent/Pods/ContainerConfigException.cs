namespace Everynode.Agent.Pods;

/// <summary>A container's configuration cannot be resolved (upstream's CreateContainerConfigError).</summary>
internal sealed class ContainerConfigException : Exception
{
    public ContainerConfigException(string message) : base(message) { }
    public ContainerConfigException(string message, Exception inner) : base(message, inner) { }
    public ContainerConfigException() { }
}
