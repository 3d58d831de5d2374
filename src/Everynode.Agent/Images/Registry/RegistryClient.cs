using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Everynode.Api.Tls;

namespace Everynode.Agent.Images.Registry;

/// <summary>
/// The client side of the OCI distribution API for one endpoint: manifests by tag or digest and blobs by digest,
/// with the Bearer challenge flow (a token per repository scope, cached until it expires) and Basic auth.
/// Every byte is checked against the digest and size it was asked for before a caller sees it; a manifest is
/// at most <see cref="MaxManifestBytes"/>. Messages name the endpoint and never a credential.
/// </summary>
internal sealed class RegistryClient : IDisposable
{
    public const int MaxManifestBytes = 4 << 20;

    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly TimeSpan _requestTimeout;
    private readonly ConcurrentDictionary<string, (string Token, DateTimeOffset Expires)> _tokens = new(StringComparer.Ordinal);

    public RegistryClient(RegistryEndpoint endpoint, TimeProvider? time = null, TimeSpan? requestTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        Endpoint = endpoint;
        _time = time ?? TimeProvider.System;
        _requestTimeout = requestTimeout ?? TimeSpan.FromSeconds(30);
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = _requestTimeout,
            AutomaticDecompression = DecompressionMethods.None,
            AllowAutoRedirect = true,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        };
        if (endpoint.Tls is { } tls)
        {
            if (tls.InsecureSkipVerify)
            {
#pragma warning disable CA5359 // insecure_skip_verify is the user's explicit choice for this endpoint.
                handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
#pragma warning restore CA5359
            }
            else if (tls.CaFile is { } caFile)
            {
                var authorities = new X509Certificate2Collection();
                authorities.ImportFromPemFile(caFile);
                handler.SslOptions.RemoteCertificateValidationCallback = TrustedRoots.Validator(authorities);
            }

            if (tls.CertFile is { } certFile)
            {
                handler.SslOptions.ClientCertificates = [X509Certificate2.CreateFromPemFile(certFile, tls.KeyFile)];
            }
        }

        _http = new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("everynode/1");
    }

    public RegistryEndpoint Endpoint { get; }

    /// <summary>Fetches a manifest by tag or digest. A digest reference is verified against the bytes; a tag's
    /// digest is computed from them (the registry's <c>Docker-Content-Digest</c> must agree).</summary>
    /// <param name="display">How errors name the image (<c>docker.io/library/busybox:1.36</c>); the path and
    /// reference by default.</param>
    public async Task<(byte[] Bytes, string? ContentType, BlobDigest Digest)> GetManifestAsync(
        string repository, string reference, IReadOnlyList<RegistryCredential> credentials, CancellationToken ct, string? display = null)
    {
        var url = Endpoint.V2($"{repository}/manifests/{reference}");
        using var response = await SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, url);
            foreach (var type in MediaTypes.Accepted)
            {
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
            }

            return request;
        }, repository, credentials, ct);
        await ThrowForStatusAsync(response, url, display ?? (reference.StartsWith("sha256:", StringComparison.Ordinal) ? $"{repository}@{reference}" : $"{repository}:{reference}"), ct);
        if (response.Content.Headers.ContentLength > MaxManifestBytes)
        {
            throw new ImagePullException(ImagePullFailure.InvalidContent, $"the manifest at {url} is larger than {MaxManifestBytes} bytes");
        }

        using var timeout = Timeout(ct);
        await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
        var buffer = new MemoryStream();
        var chunk = new byte[16384];
        int read;
        while ((read = await ReadAsync(body, chunk, url, ct)) > 0)
        {
            if (buffer.Length + read > MaxManifestBytes)
            {
                throw new ImagePullException(ImagePullFailure.InvalidContent, $"the manifest at {url} is larger than {MaxManifestBytes} bytes");
            }

            buffer.Write(chunk, 0, read);
        }

        var bytes = buffer.ToArray();
        var digest = BlobDigest.Of(bytes);
        if (reference.StartsWith("sha256:", StringComparison.Ordinal) && reference != digest.ToString())
        {
            throw new ImagePullException(ImagePullFailure.InvalidContent, $"the manifest at {url} has digest {digest}, not {reference}");
        }

        if (response.Headers.TryGetValues("Docker-Content-Digest", out var header)
            && header.FirstOrDefault() is { } claimed && claimed.StartsWith("sha256:", StringComparison.Ordinal) && claimed != digest.ToString())
        {
            throw new ImagePullException(ImagePullFailure.InvalidContent, $"the manifest at {url} has digest {digest}, but the registry says {claimed}");
        }

        return (bytes, response.Content.Headers.ContentType?.MediaType, digest);
    }

    /// <summary>Downloads a blob into <paramref name="destination"/> (created new), refusing it unless it has
    /// exactly the descriptor's size and digest. <paramref name="progress"/> hears each chunk's length.</summary>
    public async Task DownloadBlobAsync(
        string repository, Descriptor blob, string destination, IReadOnlyList<RegistryCredential> credentials, Action<long>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(blob);
        var url = Endpoint.V2($"{repository}/blobs/{blob.Digest}");
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, url), repository, credentials, ct);
        await ThrowForStatusAsync(response, url, $"{repository}@{blob.Digest}", ct);
        if (response.Content.Headers.ContentLength is { } length && length != blob.Size)
        {
            throw new ImagePullException(ImagePullFailure.InvalidContent, $"blob {blob.Digest} at {url} is {length} bytes, but the manifest says {blob.Size}");
        }

        using var timeout = Timeout(ct);
        await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using (var output = new FileStream(destination, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
        {
            var chunk = new byte[1 << 16];
            long total = 0;
            int read;
            while ((read = await ReadAsync(body, chunk, url, ct)) > 0)
            {
                total += read;
                if (total > blob.Size)
                {
                    throw new ImagePullException(ImagePullFailure.InvalidContent, $"blob {blob.Digest} at {url} is longer than the {blob.Size} bytes the manifest says");
                }

                hash.AppendData(chunk, 0, read);
                await output.WriteAsync(chunk.AsMemory(0, read), ct);
                progress?.Invoke(read);
            }

            if (total != blob.Size)
            {
                throw new ImagePullException(ImagePullFailure.InvalidContent, $"blob {blob.Digest} at {url} ended after {total} of {blob.Size} bytes");
            }
        }

        var actual = new BlobDigest(Convert.ToHexStringLower(hash.GetHashAndReset()));
        if (actual != blob.Digest)
        {
            throw new ImagePullException(ImagePullFailure.InvalidContent, $"blob at {url} has digest {actual}, not {blob.Digest}");
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>Sends a request, answering a 401 challenge once: Bearer (a token from the realm for this
    /// repository's pull scope, tried with each credential, then anonymously) or Basic (each credential).</summary>
    private async Task<HttpResponseMessage> SendAsync(
        Func<HttpRequestMessage> build, string repository, IReadOnlyList<RegistryCredential> credentials, CancellationToken ct)
    {
        var scope = $"repository:{repository}:pull";
        var request = build();
        if (_tokens.TryGetValue(scope, out var cached) && cached.Expires > _time.GetUtcNow())
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", cached.Token);
        }

        var response = await SendOnceAsync(request, ct);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        var challenge = AuthChallenge.Parse(response.Headers.WwwAuthenticate.ToString());
        var attempts = credentials.Cast<RegistryCredential?>().Concat(Endpoint.Credential is { } own ? [own] : []).ToList();
        if (challenge is { Scheme: var scheme } && scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            attempts.Add(null);
            foreach (var credential in attempts)
            {
                var token = await FetchTokenAsync(challenge, scope, credential, ct);
                if (token is null)
                {
                    continue;
                }

                var retry = build();
                retry.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value.Token);
                var answer = await SendOnceAsync(retry, ct);
                if (answer.StatusCode != HttpStatusCode.Unauthorized)
                {
                    response.Dispose();
                    _tokens[scope] = token.Value;
                    return answer;
                }

                answer.Dispose();
            }

            return response;
        }

        if (challenge is { Scheme: var basic } && basic.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            foreach (var credential in attempts.OfType<RegistryCredential>())
            {
                var retry = build();
                retry.Headers.Authorization = new AuthenticationHeaderValue("Basic", credential.BasicHeaderValue());
                var answer = await SendOnceAsync(retry, ct);
                if (answer.StatusCode != HttpStatusCode.Unauthorized)
                {
                    response.Dispose();
                    return answer;
                }

                answer.Dispose();
            }
        }

        return response;
    }

    private async Task<(string Token, DateTimeOffset Expires)?> FetchTokenAsync(
        AuthChallenge challenge, string scope, RegistryCredential? credential, CancellationToken ct)
    {
        if (challenge.Realm is not { } realm || !Uri.TryCreate(realm, UriKind.Absolute, out var realmUri))
        {
            throw new ImagePullException(ImagePullFailure.Unauthorized, $"{Endpoint} asked for a Bearer token without a usable realm");
        }

        var query = new List<string>();
        if (challenge.Parameters.TryGetValue("service", out var service))
        {
            query.Add("service=" + Uri.EscapeDataString(service));
        }

        query.Add("scope=" + Uri.EscapeDataString(challenge.Parameters.GetValueOrDefault("scope") ?? scope));
        var url = new UriBuilder(realmUri) { Query = string.Join('&', query) }.Uri;
        HttpRequestMessage request;
        if (credential?.IdentityToken is { Length: > 0 } refresh)
        {
            var form = new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token",
                ["refresh_token"] = refresh,
                ["service"] = service ?? "",
                ["scope"] = challenge.Parameters.GetValueOrDefault("scope") ?? scope,
                ["client_id"] = "everynode",
            };
            request = new HttpRequestMessage(HttpMethod.Post, realmUri) { Content = new FormUrlEncodedContent(form) };
        }
        else
        {
            request = new HttpRequestMessage(HttpMethod.Get, url);
            if (credential is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", credential.BasicHeaderValue());
            }
        }

        using var response = await SendOnceAsync(request, ct);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new ImagePullException(ImagePullFailure.Unauthorized,
                $"the token server {realmUri.GetLeftPart(UriPartial.Path)} answered {(int)response.StatusCode} {response.ReasonPhrase}");
        }

        using var timeout = Timeout(ct);
        using var document = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(timeout.Token));
        var root = document.RootElement;
        var token = root.TryGetProperty("token", out var t) && t.GetString() is { Length: > 0 } a ? a
            : root.TryGetProperty("access_token", out var at) && at.GetString() is { Length: > 0 } b ? b
            : throw new ImagePullException(ImagePullFailure.Unauthorized, $"the token server {realmUri.GetLeftPart(UriPartial.Path)} returned no token");
        var lifetime = root.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var seconds) && seconds > 0 ? seconds : 60;
        return (token, _time.GetUtcNow() + TimeSpan.FromSeconds(Math.Max(1, lifetime - 5)));
    }

    private async Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken ct)
    {
        using var timeout = Timeout(ct);
        var url = request.RequestUri!;
        try
        {
            using (request)
            {
                return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new ImagePullException(ImagePullFailure.Unreachable,
                $"{request.Method} {url.GetLeftPart(UriPartial.Path)}: no answer within {_requestTimeout.TotalSeconds:0}s");
        }
        catch (HttpRequestException e)
        {
            throw new ImagePullException(ImagePullFailure.Unreachable, $"{request.Method} {url.GetLeftPart(UriPartial.Path)}: {Describe(e)}", e);
        }
    }

    private async Task<int> ReadAsync(Stream body, byte[] chunk, Uri url, CancellationToken ct)
    {
        using var timeout = Timeout(ct);
        try
        {
            return await body.ReadAsync(chunk, timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new ImagePullException(ImagePullFailure.Unreachable, $"{url}: the registry stopped sending for {_requestTimeout.TotalSeconds:0}s");
        }
        catch (IOException e)
        {
            throw new ImagePullException(ImagePullFailure.Unreachable, $"{url}: the connection broke: {e.Message}", e);
        }
        catch (HttpRequestException e)
        {
            throw new ImagePullException(ImagePullFailure.Unreachable, $"{url}: {Describe(e)}", e);
        }
    }

    private string Describe(HttpRequestException e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                    return "connect: connection refused";
                case SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData }:
                    return $"lookup {e.Data["host"] ?? Endpoint.BaseUri.Host}: no such host";
                case SocketException socket:
                    return socket.Message;
                case AuthenticationException tls:
                    var trust = Endpoint.Tls?.CaFile is { } ca ? $"the system roots and {ca}" : "the system roots (set configs.\"HOST\".tls.ca_file for a private CA)";
                    return $"tls: failed to verify certificate against {trust}: {tls.Message}";
            }
        }

        return e.Message;
    }

    private async Task ThrowForStatusAsync(HttpResponseMessage response, Uri url, string what, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var detail = await ErrorDetailAsync(response, ct);
        var where = url.GetLeftPart(UriPartial.Authority);
        throw response.StatusCode switch
        {
            HttpStatusCode.NotFound => new ImagePullException(ImagePullFailure.NotFound, $"{what}: not found ({detail ?? "404 Not Found"} at {where})"),
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new ImagePullException(ImagePullFailure.Unauthorized,
                $"pull access denied for {what} at {where}, repository does not exist or may require authorization: {detail ?? "authorization failed"}"),
            _ => new ImagePullException(ImagePullFailure.Unreachable, $"{url.GetLeftPart(UriPartial.Path)}: unexpected status {(int)response.StatusCode} {response.ReasonPhrase}{(detail is null ? "" : ": " + detail)}"),
        };
    }

    /// <summary>The distribution API's error body (<c>{"errors":[{"code":…,"message":…}]}</c>) in words.</summary>
    private async Task<string?> ErrorDetailAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            using var timeout = Timeout(ct);
            var bytes = await response.Content.ReadAsByteArrayAsync(timeout.Token);
            using var document = JsonDocument.Parse(bytes.Length > 65536 ? bytes[..65536] : bytes);
            if (document.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                return string.Join("; ", errors.EnumerateArray().Select(e =>
                    e.TryGetProperty("message", out var m) && m.GetString() is { Length: > 0 } text ? text
                    : e.TryGetProperty("code", out var c) ? c.GetString() : "error"));
            }
        }
        catch (Exception e) when (e is JsonException or HttpRequestException or IOException or OperationCanceledException)
        {
        }

        return null;
    }

    private CancellationTokenSource Timeout(CancellationToken ct)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(ct);
        source.CancelAfter(_requestTimeout);
        return source;
    }
}
