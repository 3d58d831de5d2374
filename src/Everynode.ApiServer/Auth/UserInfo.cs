using Microsoft.AspNetCore.Http;

namespace Everynode.ApiServer.Auth;

/// <summary>The user a request authenticated as (upstream's user.Info), kept on the request for the handlers.</summary>
internal sealed record UserInfo(string Name, IReadOnlyList<string> Groups, string Uid = "")
{
    private static readonly object Key = new();
    private static readonly object OriginalKey = new();

    /// <summary>
    /// The holder of the admin token: "admin" in system:masters (the group upstream's RBAC binds to cluster-admin)
    /// and system:authenticated (which every authenticated user has).
    /// </summary>
    public static UserInfo Admin { get; } = new("admin", ["system:masters", "system:authenticated"]);

    public static void Set(HttpContext ctx, UserInfo user) => ctx.Items[Key] = user;

    public static UserInfo? Get(HttpContext ctx) => ctx.Items.TryGetValue(Key, out var user) ? user as UserInfo : null;

    /// <summary>The user who authenticated, when the request impersonates another (for the audit log).</summary>
    public static void SetImpersonator(HttpContext ctx, UserInfo user) => ctx.Items[OriginalKey] = user;

    public static UserInfo? GetImpersonator(HttpContext ctx) => ctx.Items.TryGetValue(OriginalKey, out var user) ? user as UserInfo : null;
}
