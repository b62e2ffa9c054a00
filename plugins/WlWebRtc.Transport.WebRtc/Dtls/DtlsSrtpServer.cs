using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using Org.BouncyCastle.Security;

namespace WlWebRtc.Transport.WebRtc.Dtls;

/// <summary>
/// The DTLS 1.2 server for a session we answered with a=setup:passive. BouncyCastle has no DTLS 1.3 server, so only
/// 1.2 is offered (Chromium then falls back). The client must present a certificate; the shared part (fingerprint
/// check, use_srtp, key export) is in <see cref="DtlsSrtpState"/>.
/// </summary>
internal sealed class DtlsSrtpServer(DtlsSrtpState state) : DefaultTlsServer(new BcTlsCrypto(new SecureRandom()))
{
    public override void NotifyAlertReceived(short alertLevel, short alertDescription)
    {
        base.NotifyAlertReceived(alertLevel, alertDescription);
        state.OnAlertReceived(alertLevel, alertDescription);
    }

    public override int GetHandshakeResendTimeMillis() => state.Timers.ResendMillis;

    public override int GetHandshakeTimeoutMillis() => state.Timers.TimeoutMillis;

    protected override ProtocolVersion[] GetSupportedVersions() => DtlsSrtpState.SupportedVersions();

    protected override int[] GetSupportedCipherSuites() => DtlsSrtpState.SupportedCipherSuites();

    protected override TlsCredentialedSigner GetECDsaSignerCredentials() => state.CreateSigner(m_context, (BcTlsCrypto)Crypto);

    public override CertificateRequest GetCertificateRequest() =>
        new([ClientCertificateType.ecdsa_sign], DtlsCredentials.SignatureAlgorithms, null);

    public override void NotifyClientCertificate(Certificate clientCertificate)
    {
        ArgumentNullException.ThrowIfNull(clientCertificate);
        state.VerifyPeerCertificate(clientCertificate);
    }

    public override void ProcessClientExtensions(IDictionary<int, byte[]> clientExtensions)
    {
        base.ProcessClientExtensions(clientExtensions);
        state.Choose(clientExtensions);
    }

    public override IDictionary<int, byte[]> GetServerExtensions()
    {
        var extensions = base.GetServerExtensions();
        state.AddChoice(extensions);
        return extensions;
    }

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        state.Complete(m_context);
    }
}
