using System.Net;
using System.Net.NetworkInformation;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Everynode.ApiServer.Pki;

/// <summary>
/// The cluster CA and the API server's serving certificate, created on first start in <c>DATA/pki</c> and
/// reused afterwards. The serving certificate names 127.0.0.1, ::1, localhost and the host's own names and
/// addresses, so agents and kubectl can verify it against the CA in the kubeconfig.
/// </summary>
internal sealed class ClusterCertificates
{
    private ClusterCertificates(X509Certificate2 ca, X509Certificate2 serving, string caPem)
    {
        Ca = ca;
        Serving = serving;
        CaPem = caPem;
    }

    public X509Certificate2 Ca { get; }

    /// <summary>The serving certificate with its private key.</summary>
    public X509Certificate2 Serving { get; }

    public string CaPem { get; }

    /// <param name="dataDirectory">This server's folder: the serving certificate is in its <c>pki</c> folder.</param>
    /// <param name="caDirectory">Where the CA is; null for <c>DATA/pki</c>. Several servers given one (shared) folder
    /// share one CA, each with a serving certificate of its own that the others' clients trust.</param>
    /// <param name="time">The clock for validity periods.</param>
    public static ClusterCertificates LoadOrCreate(string dataDirectory, TimeProvider time, string? caDirectory = null)
    {
        var dir = Path.Combine(dataDirectory, "pki");
        Directory.CreateDirectory(dir);
        caDirectory ??= dir;
        Directory.CreateDirectory(caDirectory);
        var caCert = Path.Combine(caDirectory, "ca.crt");
        var caKey = Path.Combine(caDirectory, "ca.key");
        var servingCert = Path.Combine(dir, "serving.crt");
        var servingKey = Path.Combine(dir, "serving.key");

        if (!File.Exists(caCert) || !File.Exists(caKey))
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var req = new CertificateRequest("CN=everynode-ca", key, HashAlgorithmName.SHA256);
            req.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
            req.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(req.PublicKey, false));
            var now = time.GetUtcNow();
            using var ca = req.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(10));
            WritePrivate(caKey, key.ExportPkcs8PrivateKeyPem());
            File.WriteAllText(caCert, ca.ExportCertificatePem());
            File.Delete(servingCert);
        }

        using var caKeyLoaded = ECDsa.Create();
        caKeyLoaded.ImportFromPem(File.ReadAllText(caKey));
        var caPem = File.ReadAllText(caCert);
        var caWithKey = X509Certificate2.CreateFromPem(caPem).CopyWithPrivateKey(caKeyLoaded);

        if (!File.Exists(servingCert) || !File.Exists(servingKey) || !CoversThisHost(servingCert, time) || !IssuedBy(servingCert, caWithKey))
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var req = new CertificateRequest("CN=everynode-apiserver", key, HashAlgorithmName.SHA256);
            req.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
            req.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
            req.CertificateExtensions.Add(BuildSubjectAlternativeNames());
            var now = time.GetUtcNow();
            var serial = RandomNumberGenerator.GetBytes(16);
            serial[0] &= 0x7f;
            using var cert = req.Create(caWithKey, now.AddMinutes(-5), now.AddYears(1), serial);
            WritePrivate(servingKey, key.ExportPkcs8PrivateKeyPem());
            File.WriteAllText(servingCert, cert.ExportCertificatePem());
        }

        var serving = X509Certificate2.CreateFromPemFile(servingCert, servingKey);

        // Kestrel on Linux wants a certificate whose key is usable from a PKCS#12 round trip.
        var exportable = X509CertificateLoader.LoadPkcs12(serving.Export(X509ContentType.Pkcs12), null);
        serving.Dispose();
        return new ClusterCertificates(caWithKey, exportable, caPem);
    }

    private static SubjectAlternativeNameBuilder NamesBuilder()
    {
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddDnsName("kubernetes");
        san.AddDnsName("kubernetes.default");
        san.AddDnsName("kubernetes.default.svc");
        var host = Dns.GetHostName();
        if (host.Length > 0 && host != "localhost")
        {
            san.AddDnsName(host);
        }

        foreach (var ip in HostAddresses())
        {
            san.AddIpAddress(ip);
        }

        return san;
    }

    private static X509Extension BuildSubjectAlternativeNames() => NamesBuilder().Build();

    /// <summary>Loopback plus every unicast address of the host's interfaces.</summary>
    private static IEnumerable<IPAddress> HostAddresses()
    {
        var set = new HashSet<IPAddress> { IPAddress.Loopback, IPAddress.IPv6Loopback };
        try
        {
            foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
            {
                foreach (var a in nic.GetIPProperties().UnicastAddresses)
                {
                    if (!a.Address.IsIPv6LinkLocal)
                    {
                        set.Add(a.Address);
                    }
                }
            }
        }
        catch (NetworkInformationException)
        {
            // Loopback is enough to work locally.
        }

        return set.OrderBy(a => a.ToString(), StringComparer.Ordinal);
    }

    /// <summary>A serving certificate made before the host got a new address is replaced.</summary>
    private static bool CoversThisHost(string certPath, TimeProvider time)
    {
        using var cert = X509Certificate2.CreateFromPem(File.ReadAllText(certPath));
        var existing = cert.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        if (existing is null || cert.NotAfter < time.GetUtcNow().UtcDateTime.AddDays(30))
        {
            return false;
        }

        var ips = existing.EnumerateIPAddresses().ToHashSet();
        return HostAddresses().All(ips.Contains);
    }

    /// <summary>A serving certificate from before the server was pointed at a (shared) CA folder is replaced.</summary>
    private static bool IssuedBy(string certPath, X509Certificate2 ca)
    {
        using var cert = X509Certificate2.CreateFromPem(File.ReadAllText(certPath));
        using var key = ca.GetECDsaPublicKey();
        var authority = cert.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().FirstOrDefault()?.KeyIdentifier;
        var subject = ca.Extensions.OfType<X509SubjectKeyIdentifierExtension>().FirstOrDefault()?.SubjectKeyIdentifier;
        return cert.IssuerName.RawData.AsSpan().SequenceEqual(ca.SubjectName.RawData)
            && (authority is null || subject is null || Convert.ToHexString(authority.Value.Span) == subject);
    }

    private static void WritePrivate(string path, string content)
    {
        File.WriteAllText(path, "");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(path, content);
    }
}
