using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Everynode.Api.Tls;

/// <summary>Server certificate validation that trusts the system roots and, besides them, the given certificate
/// authorities (a cluster CA, a registry's <c>ca_file</c>). The host name is always checked.</summary>
public static class TrustedRoots
{
    public static RemoteCertificateValidationCallback Validator(X509Certificate2Collection authorities)
    {
        ArgumentNullException.ThrowIfNull(authorities);
        return (_, certificate, chain, errors) =>
        {
            if (certificate is null || chain is null)
            {
                return false;
            }

            if (errors == SslPolicyErrors.None)
            {
                return true;
            }

            if ((errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0 || authorities.Count == 0)
            {
                return false;
            }

            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(new X509Certificate2(certificate));
        };
    }
}
