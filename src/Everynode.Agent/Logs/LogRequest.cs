using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Everynode.Agent.Logs;

/// <summary>The query of a container log request, as upstream's PodLogOptions reaches the kubelet.</summary>
internal sealed record LogRequest
{
    public bool Follow { get; init; }

    public bool Previous { get; init; }

    public bool Timestamps { get; init; }

    public int? TailLines { get; init; }

    public DateTimeOffset? Since { get; init; }

    public long? LimitBytes { get; init; }

    /// <summary>Reads the query; null with an error message when a value is malformed.</summary>
    public static (LogRequest? Request, string? Error) Parse(IQueryCollection query, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(query);
        int? tail = null;
        long? limit = null;
        DateTimeOffset? since = null;
        if (query["tailLines"].ToString() is { Length: > 0 } t)
        {
            if (!int.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
            {
                return (null, $"invalid tailLines: {t}");
            }

            tail = n < 0 ? null : n;
        }

        if (query["limitBytes"].ToString() is { Length: > 0 } l)
        {
            if (!long.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n <= 0)
            {
                return (null, $"invalid limitBytes: {l}");
            }

            limit = n;
        }

        if (query["sinceSeconds"].ToString() is { Length: > 0 } s)
        {
            if (!long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n <= 0)
            {
                return (null, $"invalid sinceSeconds: {s}");
            }

            since = now - TimeSpan.FromSeconds(n);
        }
        else if (query["sinceTime"].ToString() is { Length: > 0 } st)
        {
            if (!DateTimeOffset.TryParse(st, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
            {
                return (null, $"invalid sinceTime: {st}");
            }

            since = time;
        }

        return (new LogRequest
        {
            Follow = IsTrue(query["follow"]),
            Previous = IsTrue(query["previous"]),
            Timestamps = IsTrue(query["timestamps"]),
            TailLines = tail,
            Since = since,
            LimitBytes = limit,
        }, null);
    }

    private static bool IsTrue(Microsoft.Extensions.Primitives.StringValues value) =>
        value.Count > 0 && (value.ToString().Length == 0 || string.Equals(value.ToString(), "true", StringComparison.OrdinalIgnoreCase) || value.ToString() == "1");
}
