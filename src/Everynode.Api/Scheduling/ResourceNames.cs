namespace Everynode.Api.Scheduling;

/// <summary>The resource names the scheduler treats specially, and upstream's test for "scalar" resources.</summary>
public static class ResourceNames
{
    public const string Cpu = "cpu";
    public const string Memory = "memory";
    public const string EphemeralStorage = "ephemeral-storage";
    public const string Pods = "pods";

    /// <summary>
    /// upstream IsScalarResourceName: extended resources (a domain-qualified name outside kubernetes.io), prefixed
    /// native resources (kubernetes.io/...), hugepages-* and attachable-volumes-*. Unqualified names that are
    /// none of these (such as "storage") are not scheduled on.
    /// </summary>
    public static bool IsScalar(string name) =>
        (name.Contains('/', StringComparison.Ordinal) && !name.StartsWith("requests.", StringComparison.Ordinal))
        || name.StartsWith("hugepages-", StringComparison.Ordinal)
        || name.StartsWith("attachable-volumes-", StringComparison.Ordinal);
}
