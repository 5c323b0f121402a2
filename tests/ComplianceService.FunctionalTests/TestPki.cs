using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ComplianceService.FunctionalTests;

/// <summary>
/// A certificate authority made for a test, with a server certificate for 127.0.0.1 and client certificates, written
/// as PEM files (certificate and unencrypted PKCS#8 key) into a temporary folder that disposing deletes. A second,
/// unrelated CA signs <see cref="StrangerClient"/>.
/// </summary>
public sealed class TestPki : IDisposable
{
    public const string ClientSubject = "CN=dispatch-01, O=Test County Communications";

    private readonly string _directory = Directory.CreateTempSubdirectory("compliance-pki-").FullName;

    public TestPki()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var ca = CreateAuthority("CN=Test Compliance CA", caKey);
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = CreateAuthority("CN=Some Other CA", otherKey);

        CaPath = Write("ca.pem", ca.ExportCertificatePem());
        Server = Issue(ca, "CN=127.0.0.1", "server", serverAuth: true);
        Client = Issue(ca, ClientSubject, "client", serverAuth: false);
        SecondClient = Issue(ca, "CN=dispatch-02, O=Test County Communications", "client2", serverAuth: false);
        StrangerClient = Issue(other, ClientSubject, "stranger", serverAuth: false);
    }

    /// <summary>The CA certificate (PEM) that clients trust for the server and the server trusts for clients.</summary>
    public string CaPath { get; }

    public PemPair Server { get; }

    public PemPair Client { get; }

    public PemPair SecondClient { get; }

    /// <summary>A client certificate with the same subject as <see cref="Client"/>, from another CA.</summary>
    public PemPair StrangerClient { get; }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static X509Certificate2 CreateAuthority(string subject, ECDsa key)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    private PemPair Issue(X509Certificate2 authority, string subject, string name, bool serverAuth)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(serverAuth ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
        if (serverAuth)
        {
            var san = new SubjectAlternativeNameBuilder();
            san.AddIpAddress(IPAddress.Loopback);
            san.AddDnsName("localhost");
            request.CertificateExtensions.Add(san.Build());
        }

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var certificate = request.Create(authority, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(7), serial);
        return new PemPair(
            Write(name + ".pem", certificate.ExportCertificatePem()),
            Write(name + ".key", key.ExportPkcs8PrivateKeyPem()));
    }

    private string Write(string name, string pem)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, pem);
        return path;
    }
}

/// <summary>A certificate and its private key, as PEM files.</summary>
public sealed record PemPair(string CertificatePath, string KeyPath);
