using System.Text;
using Everynode.ApiServer.Serialization;
using Microsoft.AspNetCore.Http;

namespace Everynode.ApiServer.Http;

/// <summary>Writes JSON bodies and Status errors the way the Kubernetes API server does.</summary>
internal static class Responses
{
    public const string Json = "application/json";

    public static async Task WriteJsonAsync(HttpContext ctx, int status, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = Json;
        ctx.Response.Headers.CacheControl = "no-cache, private";
        ctx.Response.ContentLength = body.Length;
        await ctx.Response.Body.WriteAsync(body, ct);
    }

    public static Task WriteObjectAsync(HttpContext ctx, int status, object obj, CancellationToken ct) =>
        WriteJsonAsync(ctx, status, ObjectCodec.Serialize(obj), ct);

    public static Task WriteErrorAsync(HttpContext ctx, ApiException e, CancellationToken ct) =>
        WriteJsonAsync(ctx, e.Code, StatusJson.Serialize(e.ToStatus()), ct);

    public static async Task WriteTextAsync(HttpContext ctx, int status, string text, CancellationToken ct)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "text/plain; charset=utf-8";
        ctx.Response.Headers.CacheControl = "no-cache, private";
        await ctx.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), ct);
    }
}
