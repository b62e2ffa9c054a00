using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace WlWebRtc.Host.Tests.Tls;

/// <summary>The key algorithm of a test certificate.</summary>
public enum PemKeyKind
{
    Rsa,
    Ecdsa,
}

/// <summary>Test certificates made with CertificateRequest and written as PEM files, the way an admin would provide them.</summary>
internal static class PemFiles
{
    /// <summary>A self-signed server certificate for localhost/127.0.0.1, valid from <paramref name="notBefore"/> to <paramref name="notAfter"/>.</summary>
    public static X509Certificate2 Create(PemKeyKind kind, DateTimeOffset notBefore, DateTimeOffset notAfter, string subject = "CN=localhost")
    {
        using AsymmetricAlgorithm key = kind == PemKeyKind.Rsa ? RSA.Create(2048) : ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = key is RSA rsa
            ? new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : new CertificateRequest(subject, (ECDsa)key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        return request.CreateSelfSigned(notBefore, notAfter);
    }

    /// <summary>Valid from yesterday for a year.</summary>
    public static X509Certificate2 CreateValid(PemKeyKind kind) => Create(kind, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));

    /// <summary>A root CA, an intermediate CA it signed, and a server certificate for localhost/127.0.0.1 the intermediate signed.</summary>
    public static (X509Certificate2 Root, X509Certificate2 Intermediate, X509Certificate2 Leaf) CreateChain()
    {
        var now = DateTimeOffset.UtcNow;
        var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = CaRequest("CN=wlwebrtc test root", rootKey);
        var root = rootRequest.CreateSelfSigned(now.AddDays(-2), now.AddYears(2));

        var intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var intermediateRequest = CaRequest("CN=wlwebrtc test intermediate", intermediateKey);
        intermediateRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(root, true, false));
        using var intermediatePublic = intermediateRequest.Create(root, now.AddDays(-1), now.AddYears(1), RandomNumberGenerator.GetBytes(8));
        var intermediate = intermediatePublic.CopyWithPrivateKey(intermediateKey);

        var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest("CN=localhost", leafKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        leafRequest.CertificateExtensions.Add(names.Build());
        leafRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        leafRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        leafRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(intermediate, true, false));
        using var leafPublic = leafRequest.Create(intermediate, now.AddHours(-1), now.AddDays(90), RandomNumberGenerator.GetBytes(8));
        return (root, intermediate, leafPublic.CopyWithPrivateKey(leafKey));

        static CertificateRequest CaRequest(string subject, ECDsa key)
        {
            var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            return request;
        }
    }

    /// <summary>Writes fullchain.pem (the server certificate, then the intermediate) and key.pem; returns their paths.</summary>
    public static (string FullChain, string Key) WriteFullChain(X509Certificate2 leaf, X509Certificate2 intermediate, string directory)
    {
        var chainPath = Path.Combine(directory, "fullchain.pem");
        var keyPath = Path.Combine(directory, "key.pem");
        File.WriteAllText(chainPath, CertificatePem(leaf) + "\n" + CertificatePem(intermediate) + "\n");
        File.WriteAllText(keyPath, KeyPem(leaf));
        return (chainPath, keyPath);
    }

    public static string CertificatePem(X509Certificate2 certificate) => certificate.ExportCertificatePem();

    /// <summary>The private key as PKCS#8 (-----BEGIN PRIVATE KEY-----).</summary>
    public static string KeyPem(X509Certificate2 certificate) =>
        (certificate.GetRSAPrivateKey() as AsymmetricAlgorithm ?? certificate.GetECDsaPrivateKey()
            ?? throw new InvalidOperationException("the certificate has no private key")).ExportPkcs8PrivateKeyPem();

    /// <summary>Writes certificate.pem and key.pem into <paramref name="directory"/>; returns their paths.</summary>
    public static (string Certificate, string Key) Write(X509Certificate2 certificate, string directory, string prefix = "")
    {
        var certificatePath = Path.Combine(directory, prefix + "certificate.pem");
        var keyPath = Path.Combine(directory, prefix + "key.pem");
        File.WriteAllText(certificatePath, CertificatePem(certificate));
        File.WriteAllText(keyPath, KeyPem(certificate));
        return (certificatePath, keyPath);
    }
}
