using System.Security.Cryptography;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using WlWebRtc.Rtp.Srtp;
using WlWebRtc.Transport.WebRtc.Sdp;

namespace WlWebRtc.Transport.WebRtc.Dtls;

/// <summary>Timer settings shared by the DTLS client and server.</summary>
internal sealed record DtlsTimers(int ResendMillis, int TimeoutMillis)
{
    /// <summary>Chromium starts its own resends at ~50 ms; 200 ms keeps a lossy handshake short.</summary>
    public static readonly DtlsTimers Default = new(200, 10_000);
}

internal static class DtlsCredentials
{
    public static readonly IList<SignatureAndHashAlgorithm> SignatureAlgorithms =
    [
        new SignatureAndHashAlgorithm(Org.BouncyCastle.Tls.HashAlgorithm.sha256, SignatureAlgorithm.ecdsa),
        new SignatureAndHashAlgorithm(Org.BouncyCastle.Tls.HashAlgorithm.sha384, SignatureAlgorithm.ecdsa),
        new SignatureAndHashAlgorithm(Org.BouncyCastle.Tls.HashAlgorithm.sha512, SignatureAlgorithm.ecdsa),
        new SignatureAndHashAlgorithm(Org.BouncyCastle.Tls.HashAlgorithm.sha256, SignatureAlgorithm.rsa),
    ];

    public static TlsCredentialedSigner CreateSigner(TlsContext context, BcTlsCrypto crypto, DtlsCertificate certificate)
    {
        var chain = new Certificate([crypto.CreateCertificate(certificate.Der)]);
        return new BcDefaultTlsCredentialedSigner(
            new TlsCryptoParameters(context),
            crypto,
            certificate.PrivateKey,
            chain,
            new SignatureAndHashAlgorithm(Org.BouncyCastle.Tls.HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
    }

    public static bool Matches(Certificate? certificate, SdpFingerprint expected)
    {
        if (certificate is null || certificate.IsEmpty)
        {
            return false;
        }

        var der = certificate.GetCertificateAt(0).GetEncoded();
        var actual = DtlsCertificate.Hash(expected.HashFunction, der);
        return actual.Length == expected.Value.Length && CryptographicOperations.FixedTimeEquals(actual, expected.Value);
    }

    public static DtlsSrtpKeys ExportKeys(TlsContext context, SrtpProfile profile, bool isClient)
    {
        var material = context.ExportKeyingMaterial(ExporterLabel.dtls_srtp, null, DtlsSrtpKeying.GetKeyingMaterialLength(profile));
        var (local, remote) = DtlsSrtpKeying.Split(profile, material, isClient);
        CryptographicOperations.ZeroMemory(material);
        return new DtlsSrtpKeys(profile, local, remote);
    }
}
