using System.Collections.Concurrent;

namespace Everynode.Agent.Images.Registry;

/// <summary>
/// Where each registry is reached: its mirrors in order, then the registry itself (Docker Hub at
/// <c>registry-1.docker.io</c>), with the node's TLS settings and credentials per host. One
/// <see cref="RegistryClient"/> per endpoint is kept, so connections and Bearer tokens are reused across pulls.
/// </summary>
public sealed class RegistryHosts : IDisposable
{
    private readonly Func<string, IReadOnlyList<RegistryEndpoint>> _endpoints;
    private readonly TimeProvider _time;
    private readonly TimeSpan? _requestTimeout;
    private readonly ConcurrentDictionary<RegistryEndpoint, RegistryClient> _clients = new();

    /// <param name="endpoints">The endpoints to try for a registry host, in order; null for the registry alone.</param>
    public RegistryHosts(Func<string, IReadOnlyList<RegistryEndpoint>>? endpoints = null, TimeProvider? time = null, TimeSpan? requestTimeout = null)
    {
        _endpoints = endpoints ?? (host => [DefaultEndpoint(host)]);
        _time = time ?? TimeProvider.System;
        _requestTimeout = requestTimeout;
    }

    /// <summary>The registry itself: HTTPS at its host, Docker Hub's API at <c>registry-1.docker.io</c>.</summary>
    public static RegistryEndpoint DefaultEndpoint(string host, RegistryTls? tls = null, RegistryCredential? credential = null) =>
        new(new Uri("https://" + (host is "docker.io" or "index.docker.io" ? "registry-1.docker.io" : host)), tls, credential);

    public IReadOnlyList<RegistryEndpoint> EndpointsFor(string registry) => _endpoints(registry);

    internal RegistryClient Client(RegistryEndpoint endpoint) =>
        _clients.GetOrAdd(endpoint, e => new RegistryClient(e, _time, _requestTimeout));

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        _clients.Clear();
    }
}
