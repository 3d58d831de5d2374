using System.Buffers;
using System.Globalization;
using Everynode.Api.Resources;
using Everynode.ApiServer.Http;
using Everynode.ApiServer.Registry;
using Everynode.ApiServer.Serialization;
using k8s.Models;
using Microsoft.AspNetCore.Http;

namespace Everynode.ApiServer.Endpoints;

internal sealed partial class ResourceEndpoint
{
    private async Task DeleteAsync(HttpContext ctx, ResourceInfo r, string? ns, string name, CancellationToken ct)
    {
        var dryRun = IsDryRun(ctx);
        var deleteOptions = await ReadDeleteOptionsAsync(ctx, ct);
        var (obj, _) = await registry.DeleteAsync(r, ns, name, deleteOptions, dryRun, ct);
        await Responses.WriteObjectAsync(ctx, 200, obj, ct);
    }

    /// <summary>DELETE on a collection: deletes every object the selectors match and returns them as a list.</summary>
    private async Task DeleteCollectionAsync(HttpContext ctx, ResourceInfo r, string? ns, CancellationToken ct)
    {
        if (r.Verbs is var verbs && !verbs.Contains("deletecollection"))
        {
            throw ApiException.MethodNotAllowed();
        }

        var dryRun = IsDryRun(ctx);
        var deleteOptions = await ReadDeleteOptionsAsync(ctx, ct);
        var q = ParseListRequest(ctx, r, null) with { Limit = 0, Continue = null };
        var page = await registry.ListAsync(r, ns, q, ct);
        var deleted = new List<byte[]>();
        foreach (var kv in page.Items)
        {
            var obj = GenericRegistry.Decode(r, kv);
            try
            {
                var (last, _) = await registry.DeleteAsync(r, obj.Metadata.NamespaceProperty, obj.Metadata.Name, deleteOptions, dryRun, ct);
                deleted.Add(ObjectCodec.Serialize(last));
            }
            catch (ApiException e) when (e.Code == 404)
            {
                // Deleted by someone else meanwhile.
            }
        }

        var buffer = new ArrayBufferWriter<byte>();
        WriteListHeader(buffer, r, page with { Continue = null, RemainingItemCount = null });
        for (var i = 0; i < deleted.Count; i++)
        {
            if (i > 0)
            {
                buffer.Write(","u8);
            }

            buffer.Write(deleted[i]);
        }

        buffer.Write("]}"u8);
        await Responses.WriteJsonAsync(ctx, 200, buffer.WrittenMemory, ct);
    }

    /// <summary>DeleteOptions from a JSON body, or from query parameters (gracePeriodSeconds, propagationPolicy, ...).</summary>
    private static async Task<V1DeleteOptions> ReadDeleteOptionsAsync(HttpContext ctx, CancellationToken ct)
    {
        var options = new V1DeleteOptions();
        var bytes = await RequestBody.ReadBytesAsync(ctx, ct);
        var mediaType = RequestBody.MediaType(ctx);
        if (bytes.Length > 0 && mediaType is "" or "application/json" or "application/yaml")
        {
            options = ObjectCodec.DeserializeAny<V1DeleteOptions>(RequestBody.ParseDocument(bytes, mediaType));
        }

        // A protobuf DeleteOptions body (drain's fallback) carries nothing kubectl sets; defaults apply.
        var q = ctx.Request.Query;
        if (q["gracePeriodSeconds"].ToString() is { Length: > 0 } g)
        {
            options.GracePeriodSeconds = long.TryParse(g, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var grace)
                ? grace
                : throw ApiException.BadRequest($"gracePeriodSeconds: Invalid value: \"{g}\": must be an integer");
        }

        if (q["propagationPolicy"].ToString() is { Length: > 0 } p)
        {
            options.PropagationPolicy = p;
        }

        if (q["orphanDependents"].ToString() is { Length: > 0 } o)
        {
            options.OrphanDependents = o == "true";
        }

        if (options.PropagationPolicy is { } policy && policy is not ("Orphan" or "Background" or "Foreground"))
        {
            throw new ApiException(422, "Invalid",
                $"DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Unsupported value: \"{policy}\": supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\"");
        }

        if (options.PropagationPolicy is not null && options.OrphanDependents is not null)
        {
            throw new ApiException(422, "Invalid",
                "DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Invalid value: \"" + options.PropagationPolicy
                + "\": orphanDependents and deletionPropagation cannot be both set");
        }

        return options;
    }
}
