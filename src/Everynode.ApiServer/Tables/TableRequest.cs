using Everynode.ApiServer.Http;
using Microsoft.AspNetCore.Http;

namespace Everynode.ApiServer.Tables;

/// <summary>
/// A request for server-side printing: the Accept header asks for
/// <c>application/json;as=Table;v=v1;g=meta.k8s.io</c> (or <c>v1beta1</c>) before any plain JSON, as
/// <c>kubectl get</c> does for human-readable output.
/// </summary>
/// <param name="Version">The meta.k8s.io version asked for; the Table and PartialObjectMetadata use it.</param>
internal sealed record TableRequest(string Version, IncludeObject IncludeObject)
{
    public const string Group = "meta.k8s.io";

    public string ApiVersion => $"{Group}/{Version}";

    /// <summary>
    /// The table request in <paramref name="request"/>, or null when the client wants plain JSON. Like upstream's
    /// negotiation, the first Accept clause the server can serve decides (quality values are not weighed).
    /// </summary>
    /// <exception cref="ApiException">400 for an unknown includeObject value.</exception>
    public static TableRequest? From(HttpRequest request)
    {
        var version = NegotiateVersion(request.Headers.Accept.ToString());
        if (version is null)
        {
            return null;
        }

        var include = request.Query["includeObject"].ToString() switch
        {
            "" or "Metadata" => IncludeObject.Metadata,
            "Object" => IncludeObject.Object,
            "None" => IncludeObject.None,
            var other => throw ApiException.BadRequest(
                $"Unable to convert to Table as requested: includeObject: Invalid value: \"{other}\": must be 'Metadata', 'Object', 'None', or empty"),
        };
        return new TableRequest(version, include);
    }

    /// <summary>"v1" or "v1beta1" when the first servable clause is a Table; null for plain JSON.</summary>
    internal static string? NegotiateVersion(string accept)
    {
        foreach (var clause in accept.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = clause.Split(';', StringSplitOptions.TrimEntries);
            var mediaType = parts[0].ToLowerInvariant();
            if (mediaType is not ("application/json" or "application/*" or "*/*"))
            {
                continue;
            }

            string? @as = null, g = null, v = null;
            foreach (var p in parts.Skip(1))
            {
                var eq = p.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0)
                {
                    continue;
                }

                var value = p[(eq + 1)..].Trim().Trim('"');
                switch (p[..eq].Trim().ToLowerInvariant())
                {
                    case "as": @as = value; break;
                    case "g": g = value; break;
                    case "v": v = value; break;
                }
            }

            if (@as is null)
            {
                return null;
            }

            if (@as == "Table" && g == Group && v is "v1" or "v1beta1")
            {
                return v;
            }

            // Another conversion (PartialObjectMetadata, discovery lists) or version: not served here, try the next.
        }

        return null;
    }
}
