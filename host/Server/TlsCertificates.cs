using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using WlWebRtc.Host.Configuration;

namespace WlWebRtc.Host.Server;

/// <summary>The HTTPS certificate: PEM files from the config, or a self-signed ECDSA P-256 one made at start.</summary>
internal static class TlsCertificates
{
    public static X509Certificate2 Load(TlsOptions tls)
    {
        if (tls.CertificateFile is { } certificate)
        {
            using var pem = X509Certificate2.CreateFromPemFile(certificate, tls.KeyFile);
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=wlwebrtc", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }
}
