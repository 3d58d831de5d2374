using System.Globalization;
using Everynode.ApiServer.Http;
using Microsoft.AspNetCore.Http;

namespace Everynode.ApiServer.OpenApi;

/// <summary>
/// <c>/openapi/v3</c> and <c>/openapi/v3/{key}</c> with upstream's caching (kube-openapi handler3): the index and
/// unhashed documents carry an ETag and must be revalidated; a document asked for by its current hash is immutable
/// and cached for a year; a stale hash is redirected to the current one. <c>/openapi/v2</c> is the protobuf
/// document kubectl 1.27 and 1.28 fetch before validating (<see cref="OpenApiV2Document"/>).
/// </summary>
internal sealed class OpenApiEndpoint(OpenApiDocuments documents, TimeProvider time)
{
    private const string Root = "/openapi/v3";
    private const string V2 = "/openapi/v2";

    private readonly Lazy<OpenApiDocument> _v2 = new(() => OpenApiDocument.From(OpenApiV2Document.Build(documents)));

    public async Task<bool> TryHandleAsync(HttpContext ctx, string path, CancellationToken ct)
    {
        if (path is V2 or V2 + "/")
        {
            if (ctx.Request.Method is not ("GET" or "HEAD"))
            {
                throw ApiException.MethodNotAllowed();
            }

            await WriteAsync(ctx, _v2.Value, "no-cache, private", OpenApiV2Document.ContentType, ct);
            return true;
        }

        if (!path.StartsWith(Root, StringComparison.Ordinal) || (path.Length > Root.Length && path[Root.Length] != '/'))
        {
            return false;
        }

        if (ctx.Request.Method is not ("GET" or "HEAD"))
        {
            throw ApiException.MethodNotAllowed();
        }

        var key = path[Root.Length..].Trim('/');
        if (key.Length == 0)
        {
            await WriteAsync(ctx, documents.Index, "no-cache, private", "application/json", ct);
            return true;
        }

        var doc = documents.Find(key) ?? throw ApiException.NotFoundPath();
        var hash = ctx.Request.Query["hash"].ToString();
        if (hash.Length == 0)
        {
            await WriteAsync(ctx, doc, "no-cache, private", "application/json", ct);
        }
        else if (hash != doc.Hash)
        {
            ctx.Response.StatusCode = StatusCodes.Status301MovedPermanently;
            ctx.Response.Headers.Location = doc.ServerRelativeUrl(key);
        }
        else
        {
            ctx.Response.Headers.Expires = time.GetUtcNow().AddYears(1).ToString("r", CultureInfo.InvariantCulture);
            await WriteAsync(ctx, doc, "public, immutable", "application/json", ct);
        }

        return true;
    }

    private static async Task WriteAsync(HttpContext ctx, OpenApiDocument doc, string cacheControl, string contentType, CancellationToken ct)
    {
        ctx.Response.Headers.ETag = doc.ETag;
        ctx.Response.Headers.CacheControl = cacheControl;
        ctx.Response.Headers.Vary = "Accept";
        if (ctx.Request.Headers.IfNoneMatch.Contains(doc.ETag))
        {
            ctx.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = contentType;
        ctx.Response.ContentLength = doc.Bytes.Length;
        if (ctx.Request.Method == "GET")
        {
            await ctx.Response.Body.WriteAsync(doc.Bytes, ct);
        }
    }
}
