using System.Collections.Concurrent;
using Everynode.Api.Authorization;
using Everynode.ApiServer.Auth;
using k8s.Models;
using Microsoft.AspNetCore.Http;

namespace Everynode.ApiServer.Http;

/// <summary>
/// Limits that keep one client from exhausting the server: a deadline on every request that is not long-running
/// (watches, followed logs), answered with upstream's 504 Timeout Status; a cap on the watches one user holds open
/// at once (429 with Retry-After; members of system:masters, which the control plane's own components are, are
/// exempt); and the largest object the datastore accepts (upstream's etcd limit, 1.5 MiB), a 413.
/// </summary>
internal sealed class RequestLimits(TimeSpan requestTimeout, int maxWatchesPerUser)
{
    /// <summary>etcd's default --max-request-bytes, the largest object upstream can store.</summary>
    public const int MaxObjectBytes = 1536 * 1024;

    private readonly ConcurrentDictionary<string, int> _watches = new(StringComparer.Ordinal);

    public TimeSpan RequestTimeout => requestTimeout;

    /// <summary>Watches and followed logs run as long as the client wants; everything else gets the deadline.</summary>
    public static bool IsLongRunning(HttpRequest request, RequestInfo? info) =>
        info is not null && (info.WatchPrefix
            || request.Query["watch"] is { Count: > 0 } w && w[0] is "true" or "1" or "True"
            || info.Subresource == "log" && request.Query["follow"] is { Count: > 0 } f && f[0] is "true" or "1" or "True");

    /// <summary>The deadline of one request: the server's, or a shorter <c>?timeout=</c> the client asked for.</summary>
    public TimeSpan TimeoutFor(HttpRequest request)
    {
        var asked = request.Query["timeout"].ToString();
        if (asked.Length > 0 && TimeSpan.TryParse("00:00:" + asked.TrimEnd('s'), System.Globalization.CultureInfo.InvariantCulture, out var t)
            && t > TimeSpan.Zero && t < requestTimeout)
        {
            return t;
        }

        return requestTimeout;
    }

    public static ApiException Timeout() => new(504, "Timeout", "Timeout: request did not complete within the allotted timeout",
        new V1StatusDetails { Causes = [new V1StatusCause { Message = "the request was not completed within its deadline" }], RetryAfterSeconds = 1 });

    /// <summary>Counts a watch against its user; dispose the result when the watch ends.</summary>
    public IDisposable EnterWatch(UserInfo user)
    {
        if (user.Groups.Contains(BootstrapPolicy.MastersGroup))
        {
            return NoWatch.Instance;
        }

        var count = _watches.AddOrUpdate(user.Name, 1, (_, n) => n + 1);
        if (count > maxWatchesPerUser)
        {
            Leave(user.Name);
            throw new ApiException(429, "TooManyRequests", $"too many watches open for user \"{user.Name}\" (limit {maxWatchesPerUser}); close some and retry",
                new V1StatusDetails { RetryAfterSeconds = 1 });
        }

        return new Watch(this, user.Name);
    }

    /// <summary>Refuses an object larger than the datastore takes.</summary>
    public static void CheckObjectSize(int bytes)
    {
        if (bytes > MaxObjectBytes)
        {
            throw new ApiException(413, "RequestEntityTooLarge", $"Request entity too large: the object is {bytes} bytes, the limit is {MaxObjectBytes}");
        }
    }

    private void Leave(string user)
    {
        while (_watches.TryGetValue(user, out var n))
        {
            if (n <= 1 ? _watches.TryRemove(new KeyValuePair<string, int>(user, n)) : _watches.TryUpdate(user, n - 1, n))
            {
                return;
            }
        }
    }

    private sealed class Watch(RequestLimits limits, string user) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                limits.Leave(user);
            }
        }
    }

    private sealed class NoWatch : IDisposable
    {
        public static NoWatch Instance { get; } = new();

        public void Dispose()
        {
        }
    }
}
