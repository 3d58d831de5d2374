using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Everynode.Testing;

/// <summary>A throwaway CA with a serving certificate for 127.0.0.1 and a client certificate, as PEM files for etcd and its clients.</summary>
internal sealed record EtcdTestCertificates(string CaFile, string ServerCertFile, string ServerKeyFile, string ClientCertFile, string ClientKeyFile)
{
    public static EtcdTestCertificates Create(string folder)
    {
        Directory.CreateDirectory(folder);
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=etcd-test-ca", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.DigitalSignature, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        var files = new EtcdTestCertificates(
            Path.Combine(folder, "ca.crt"), Path.Combine(folder, "server.crt"), Path.Combine(folder, "server.key"), Path.Combine(folder, "client.crt"), Path.Combine(folder, "client.key"));
        File.WriteAllText(files.CaFile, ca.ExportCertificatePem());
        Issue(ca, "CN=127.0.0.1", "1.3.6.1.5.5.7.3.1", files.ServerCertFile, files.ServerKeyFile, now);
        Issue(ca, "CN=everynode", "1.3.6.1.5.5.7.3.2", files.ClientCertFile, files.ClientKeyFile, now);
        return files;
    }

    public X509Certificate2 LoadClientCertificate()
    {
        using var pem = X509Certificate2.CreateFromPemFile(ClientCertFile, ClientKeyFile);
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    private static void Issue(X509Certificate2 ca, string subject, string usage, string certFile, string keyFile, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.Create(ca, now.AddMinutes(-5), now.AddDays(1), RandomNumberGenerator.GetBytes(16));
        File.WriteAllText(certFile, certificate.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
    }
}
