using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Everynode.ApiServer;

namespace Everynode.Bench;

/// <summary>
/// Durable object writes through the API server over HTTPS, and list latency, against a fresh server on the
/// SQLite store in a temporary folder.
/// </summary>
public sealed class ApiWriteBenchmark : IAsyncDisposable
{
    private readonly ApiServerHost _host;
    private readonly HttpClient[] _clients;

    private ApiWriteBenchmark(ApiServerHost host, int clients)
    {
        _host = host;
        _clients = Enumerable.Range(0, clients).Select(_ => NewClient(host)).ToArray();
    }

    public static async Task<ApiWriteBenchmark> StartAsync(string directory, int clients, CancellationToken ct)
    {
        var host = await ApiServerHost.StartAsync(new ApiServerOptions
        {
            DataDirectory = directory,
            Port = 0,
            BindAddress = IPAddress.Loopback,
            CompactionInterval = TimeSpan.FromHours(1),
            Datastore = Environment.GetEnvironmentVariable("EVERYNODE_BENCH_DATASTORE") is { Length: > 0 } ds ? ds : null,
            // EVERYNODE_BENCH_WATCH_CACHE=0 serves every list and watch from the store, for before/after figures.
            WatchCacheCapacity = Environment.GetEnvironmentVariable("EVERYNODE_BENCH_WATCH_CACHE") is { Length: > 0 } wc
                ? int.Parse(wc, System.Globalization.CultureInfo.InvariantCulture)
                : new ApiServerOptions { DataDirectory = directory }.WatchCacheCapacity,
        }, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance, ct);
        var bench = new ApiWriteBenchmark(host, clients);
        await SendAsync(bench._clients[0], HttpMethod.Post, "/api/v1/namespaces", """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"bench"}}""", ct);
        return bench;
    }

    /// <summary>Creates pods <c>prefix-0 … prefix-(count-1)</c> from all clients at once; returns creates/s.</summary>
    public async Task<double> CreatePodsAsync(string prefix, int count, CancellationToken ct)
    {
        var next = -1;
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(_clients.Select(c => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                await SendAsync(c, HttpMethod.Post, "/api/v1/namespaces/bench/pods", PodJson($"{prefix}-{i}", "v1"), ct);
            }
        }, ct)));
        return count / sw.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// Replaces each pod's image with a PUT carrying no resourceVersion; returns updates/s. The body carries the two
    /// tolerations the server added at create (DefaultTolerationSeconds), as a <c>kubectl replace</c> of the object read
    /// back would: this server applies them on create only, so a PUT without them is a 422.
    /// </summary>
    public async Task<double> UpdatePodsAsync(string prefix, int count, CancellationToken ct)
    {
        var next = -1;
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(_clients.Select(c => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                await SendAsync(c, HttpMethod.Put, $"/api/v1/namespaces/bench/pods/{prefix}-{i}", PodJson($"{prefix}-{i}", "v2", DefaultTolerations), ct);
            }
        }, ct)));
        return count / sw.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// Patches each pod's status (merge patch on <c>/status</c>, the write a node agent or controller makes most);
    /// returns patches/s.
    /// </summary>
    public async Task<double> PatchPodStatusesAsync(string prefix, int count, CancellationToken ct)
    {
        var next = -1;
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(_clients.Select(c => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                await SendAsync(c, HttpMethod.Patch, $"/api/v1/namespaces/bench/pods/{prefix}-{i}/status",
                    """{"status":{"phase":"Running","conditions":[{"type":"Ready","status":"True"}],"podIP":"10.0.0.1"}}""", ct,
                    "application/merge-patch+json");
            }
        }, ct)));
        return count / sw.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// Opens <paramref name="watchers"/> watches on the bench namespace's pods (from now), then creates
    /// <paramref name="count"/> pods; returns creates/s and the time until every watcher has received every ADDED event.
    /// </summary>
    public async Task<(double CreatesPerSecond, TimeSpan AllDelivered)> CreatePodsWatchedAsync(string prefix, int count, int watchers, CancellationToken ct)
    {
        var list = await SendAsync(_clients[0], HttpMethod.Get, "/api/v1/namespaces/bench/pods?limit=1", null, ct);
        var rv = JsonNode.Parse(list)!["metadata"]!["resourceVersion"]!.GetValue<string>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var sw = Stopwatch.StartNew();
        var received = Enumerable.Range(0, watchers).Select(i => CountAddedAsync(_clients[i % _clients.Length], rv, prefix, count, stop.Token)).ToArray();
        var creates = await CreatePodsAsync(prefix, count, ct);
        await Task.WhenAll(received);
        return (creates, sw.Elapsed);
    }

    private static async Task CountAddedAsync(HttpClient client, string resourceVersion, string prefix, int count, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/namespaces/bench/pods?watch=true&resourceVersion={resourceVersion}");
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        var marker = $"\"name\":\"{prefix}-";
        var seen = 0;
        while (seen < count && await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.StartsWith("{\"type\":\"ADDED\"", StringComparison.Ordinal) && line.Contains(marker, StringComparison.Ordinal))
            {
                seen++;
            }
        }

        if (seen < count)
        {
            throw new InvalidOperationException($"a watch ended after {seen} of {count} events");
        }
    }

    /// <summary>Median time of a full list of the bench namespace's pods, and the item count it returned.</summary>
    public async Task<(TimeSpan Median, int Items)> MeasureListAsync(int runs, CancellationToken ct)
    {
        var times = new List<TimeSpan>();
        var items = 0;
        for (var i = 0; i < runs; i++)
        {
            var sw = Stopwatch.StartNew();
            var body = await SendAsync(_clients[0], HttpMethod.Get, "/api/v1/namespaces/bench/pods", null, ct);
            times.Add(sw.Elapsed);
            items = JsonNode.Parse(body)!["items"]!.AsArray().Count;
        }

        times.Sort();
        return (times[times.Count / 2], items);
    }

    private const string DefaultTolerations =
        ""","tolerations":[{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":300},""" +
        """{"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute","tolerationSeconds":300}]""";

    private static string PodJson(string name, string tag, string extraSpec = "") =>
        $$$$$"""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{{{name}}}}}","labels":{"app":"bench"}},"spec":{"containers":[{"name":"c","image":"registry.example/app:{{{{{tag}}}}}"}]{{{{{extraSpec}}}}}}}""";

    private static async Task<string> SendAsync(
        HttpClient client, HttpMethod method, string path, string? json, CancellationToken ct, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        using var response = await client.SendAsync(request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {body}");
        }

        return body;
    }

    private static HttpClient NewClient(ApiServerHost host)
    {
        var ca = X509Certificate2.CreateFromPem(host.CaPem);
        var handler = new SocketsHttpHandler
        {
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, cert, _, _) =>
                {
                    if (cert is null)
                    {
                        return false;
                    }

                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(ca);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return chain.Build(new X509Certificate2(cert));
                },
            },
        };
        var client = new HttpClient(handler) { BaseAddress = new Uri(host.Url) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", host.AdminToken);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var c in _clients)
        {
            c.Dispose();
        }

        await _host.DisposeAsync();
    }
}
