namespace Everynode.Agent.Config;

/// <summary>The two kinds of object a pod takes configuration from.</summary>
internal enum ConfigObjectKind
{
    ConfigMap,
    Secret,
}
