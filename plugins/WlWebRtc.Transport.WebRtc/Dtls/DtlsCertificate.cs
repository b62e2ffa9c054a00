using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using WlWebRtc.Transport.WebRtc.Sdp;

namespace WlWebRtc.Transport.WebRtc.Dtls;

/// <summary>The transport's self-signed ECDSA P-256 certificate, made at start (RFC 8827 section 6.5).</summary>
internal sealed class DtlsCertificate
{
    private DtlsCertificate(byte[] der, AsymmetricKeyParameter privateKey)
    {
        Der = der;
        PrivateKey = privateKey;
        Fingerprint = new SdpFingerprint("sha-256", System.Security.Cryptography.SHA256.HashData(der));
    }

    public byte[] Der { get; }

    public AsymmetricKeyParameter PrivateKey { get; }

    public SdpFingerprint Fingerprint { get; }

    public static DtlsCertificate Create(TimeProvider time)
    {
        var random = new SecureRandom();
        var generator = new ECKeyPairGenerator("ECDSA");
        generator.Init(new ECKeyGenerationParameters(Org.BouncyCastle.Asn1.Sec.SecObjectIdentifiers.SecP256r1, random));
        var pair = generator.GenerateKeyPair();
        var now = time.GetUtcNow().UtcDateTime;
        var certGenerator = new X509V3CertificateGenerator();
        var name = new X509Name("CN=wlwebrtc");
        certGenerator.SetSerialNumber(BigInteger.ProbablePrime(64, random));
        certGenerator.SetIssuerDN(name);
        certGenerator.SetSubjectDN(name);
        certGenerator.SetNotBefore(now.AddDays(-1));
        certGenerator.SetNotAfter(now.AddDays(30));
        certGenerator.SetPublicKey(pair.Public);
        var certificate = certGenerator.Generate(new Asn1SignatureFactory("SHA256WITHECDSA", pair.Private, random));
        return new DtlsCertificate(certificate.GetEncoded(), pair.Private);
    }

    /// <summary>Hashes a DER certificate with the function an SDP fingerprint names.</summary>
    public static byte[] Hash(string hashFunction, byte[] der) => hashFunction switch
    {
        "sha-256" => System.Security.Cryptography.SHA256.HashData(der),
        "sha-384" => System.Security.Cryptography.SHA384.HashData(der),
        "sha-512" => System.Security.Cryptography.SHA512.HashData(der),
        _ => [],
    };
}
