using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Everynode.Api.Resources;
using Everynode.ApiServer.Http;
using Everynode.ApiServer.Registry;
using Everynode.ApiServer.Tables;
using Microsoft.AspNetCore.Http;

namespace Everynode.ApiServer.Endpoints;

internal sealed partial class ResourceEndpoint
{
    private async Task GetAsync(HttpContext ctx, ResourceInfo r, string? ns, string name, CancellationToken ct)
    {
        var table = TableRequest.From(ctx.Request);
        var kv = await registry.GetRawAsync(r, ns, name, ct);
        var body = GenericRegistry.Render(kv);
        if (table is not null)
        {
            body = Tables(r, table).Write([body], kv.ModRevision.ToString(CultureInfo.InvariantCulture));
        }

        await Responses.WriteJsonAsync(ctx, 200, body, ct);
    }

    private async Task ListAsync(HttpContext ctx, ResourceInfo r, string? ns, CancellationToken ct)
    {
        var q = ParseListRequest(ctx, r, null);
        var table = TableRequest.From(ctx.Request);
        var page = await registry.ListAsync(r, ns, q, ct);
        if (table is not null)
        {
            var rows = Enumerable.Range(0, page.Items.Count).Select(page.Json).ToList();
            var rv = page.Revision.ToString(CultureInfo.InvariantCulture);
            await Responses.WriteJsonAsync(ctx, 200, Tables(r, table).Write(rows, rv, page.Continue, page.RemainingItemCount), ct);
            return;
        }

        var buffer = new ArrayBufferWriter<byte>(256 + (page.Items.Count * 1024));
        WriteListHeader(buffer, r, page);
        for (var i = 0; i < page.Items.Count; i++)
        {
            if (i > 0)
            {
                buffer.Write(","u8);
            }

            buffer.Write(page.Json(i));
        }

        buffer.Write("]}"u8);
        await Responses.WriteJsonAsync(ctx, 200, buffer.WrittenMemory, ct);
    }

    private static void WriteListHeader(ArrayBufferWriter<byte> buffer, ResourceInfo r, ListPage page)
    {
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("kind", r.ListKind);
            w.WriteString("apiVersion", r.ApiVersion);
            w.WriteStartObject("metadata");
            w.WriteString("resourceVersion", page.Revision.ToString(CultureInfo.InvariantCulture));
            if (page.Continue is not null)
            {
                w.WriteString("continue", page.Continue);
            }

            if (page.RemainingItemCount is { } remaining)
            {
                w.WriteNumber("remainingItemCount", remaining);
            }

            w.WriteEndObject();
            w.WritePropertyName("items");
            w.WriteStartArray();
            w.Flush();
        }

        // Utf8JsonWriter wrote `...,"items":[`; the items are appended as raw bytes.
    }

    /// <summary>
    /// Streams watch events, one JSON object per line, flushed as they come. Ends after timeoutSeconds, when the
    /// client goes away, or when the server stops.
    /// </summary>
    private async Task WatchAsync(HttpContext ctx, ResourceInfo r, string? ns, string? name, CancellationToken ct)
    {
        var q = ParseListRequest(ctx, r, name);
        var table = TableRequest.From(ctx.Request) is { } tr ? new TableWatchEncoder(Tables(r, tr)) : null;
        using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(ct, ctx.RequestAborted);
        if (ctx.Request.Query["timeoutSeconds"].ToString() is { Length: > 0 } t)
        {
            if (!int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                throw ApiException.BadRequest($"timeoutSeconds: Invalid value: \"{t}\": must be a non-negative integer");
            }

            lifetime.CancelAfter(TimeSpan.FromSeconds(seconds));
        }
        else
        {
            lifetime.CancelAfter(options.WatchTimeout);
        }

        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = Responses.Json;
        ctx.Response.Headers.CacheControl = "no-cache, private";
        await ctx.Response.StartAsync(lifetime.Token);
        await ctx.Response.Body.FlushAsync(lifetime.Token);
        var line = new ArrayBufferWriter<byte>(4096);
        try
        {
            await using var events = registry.WatchAsync(r, ns, q, BookmarkInterval, lifetime.Token).GetAsyncEnumerator(lifetime.Token);
            while (await events.MoveNextAsync())
            {
                line.Clear();
                var ev = events.Current;
                line.Write("{\"type\":\""u8);
                line.Write(Encoding.ASCII.GetBytes(ev.Type));
                line.Write("\",\"object\":"u8);
                line.Write(table is null ? ev.Object : table.Encode(ev));
                line.Write("}\n"u8);
                await ctx.Response.Body.WriteAsync(line.WrittenMemory, lifetime.Token);
                await ctx.Response.Body.FlushAsync(lifetime.Token);
            }
        }
        catch (OperationCanceledException) when (lifetime.IsCancellationRequested)
        {
            // Timeout, client gone or shutdown: the stream simply ends.
        }
    }

    private TableWriter Tables(ResourceInfo r, TableRequest table) => new(r, table, options.TimeProvider);
}
