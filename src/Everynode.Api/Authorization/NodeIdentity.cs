namespace Everynode.Api.Authorization;

/// <summary>How a node agent's user looks: <c>system:node:NAME</c> in the group <c>system:nodes</c>.</summary>
public static class NodeIdentity
{
    public const string UserPrefix = "system:node:";
    public const string NodesGroup = "system:nodes";

    public static string UserName(string nodeName) => UserPrefix + nodeName;

    /// <summary>The node a user acts for, or null when the user is not a node (both the name and the group are needed).</summary>
    public static string? NodeName(string user, IReadOnlyList<string> groups) =>
        user.StartsWith(UserPrefix, StringComparison.Ordinal) && user.Length > UserPrefix.Length && groups.Contains(NodesGroup)
            ? user[UserPrefix.Length..]
            : null;
}
