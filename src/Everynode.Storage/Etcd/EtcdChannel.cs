using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Balancer;
using Grpc.Net.Client.Configuration;

namespace Everynode.Storage.Etcd;

/// <summary>
/// The one gRPC channel to the etcd cluster: every member is a sub-channel, calls go round-robin over the members that
/// are up, so a dead member is skipped without a reconnect by hand. With a CA file the channel speaks TLS, checks the
/// members' certificates against that CA (not the system store) and presents the client certificate.
/// </summary>
internal static class EtcdChannel
{
    public static GrpcChannel Create(EtcdStoreOptions options)
    {
        var addresses = options.Endpoints.Select(e => new BalancerAddress(e.Host, e.Port)).ToArray();
        var tls = options.CaFile is not null;
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            KeepAlivePingDelay = TimeSpan.FromSeconds(10),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(5),
            ConnectTimeout = TimeSpan.FromSeconds(5),
        };
        if (tls)
        {
            handler.SslOptions = ClientTls(options);
        }

        return GrpcChannel.ForAddress("static:///etcd", new GrpcChannelOptions
        {
            HttpHandler = handler,
            Credentials = tls ? ChannelCredentials.SecureSsl : ChannelCredentials.Insecure,
            ServiceConfig = new ServiceConfig { LoadBalancingConfigs = { new RoundRobinConfig() } },
            ServiceProvider = new Resolvers(new StaticResolverFactory(_ => addresses)),
            MaxReceiveMessageSize = null,
            DisposeHttpClient = true,
        });
    }

    private static SslClientAuthenticationOptions ClientTls(EtcdStoreOptions options)
    {
        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(options.CaFile!);
        var ssl = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                // The name must match; the chain is checked against the given CA only.
                if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
                {
                    return false;
                }

                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.AddRange(roots);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                using var leaf = new X509Certificate2(certificate);
                return chain.Build(leaf);
            },
        };
        if (options.CertFile is not null)
        {
            using var pem = X509Certificate2.CreateFromPemFile(options.CertFile, options.KeyFile);
            // SslStream on Linux wants a certificate whose key is not ephemeral.
            ssl.ClientCertificates = [X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null)];
        }

        return ssl;
    }

    /// <summary>What the gRPC channel asks its service provider for: the resolver of the "static" scheme.</summary>
    private sealed class Resolvers(ResolverFactory factory) : IServiceProvider
    {
        public object? GetService(Type serviceType) =>
            serviceType == typeof(IEnumerable<ResolverFactory>) ? new[] { factory }
            : serviceType == typeof(ResolverFactory) ? factory
            : null;
    }
}
