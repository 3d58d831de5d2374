using Everynode.Api.Resources;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Http;

namespace Everynode.ApiServer.Http;

/// <summary><c>Warning: 299 - "…"</c> response headers, which kubectl and client-go print as <c>Warning: …</c>.</summary>
internal static class WarningHeaders
{
    /// <summary>Adds one warning, once per response; nothing once the response has started.</summary>
    public static void Add(HttpContext ctx, string message)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(message);

        // kubectl drops a warning whose inner quotes are not escaped.
        var value = $"299 - \"{message.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"";
        if (!ctx.Response.HasStarted && !ctx.Response.Headers["Warning"].Contains(value))
        {
            ctx.Response.Headers.Append("Warning", value);
        }
    }

    /// <summary>The resource strategy's warnings about an object a main-resource write produced.</summary>
    public static void AddFor(HttpContext ctx, ResourceInfo r, IKubernetesObject<V1ObjectMeta> obj)
    {
        ArgumentNullException.ThrowIfNull(r);
        if (r.Strategy is IWarningsStrategy warnings)
        {
            foreach (var message in warnings.GetWarnings(obj))
            {
                Add(ctx, message);
            }
        }
    }
}
