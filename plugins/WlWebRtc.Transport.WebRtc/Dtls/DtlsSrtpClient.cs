using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using Org.BouncyCastle.Security;

namespace WlWebRtc.Transport.WebRtc.Dtls;

/// <summary>The DTLS 1.2 client, for sessions where the viewer answered a=setup:passive; the shared part is in <see cref="DtlsSrtpState"/>.</summary>
internal sealed class DtlsSrtpClient(DtlsSrtpState state) : DefaultTlsClient(new BcTlsCrypto(new SecureRandom()))
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

    public override IDictionary<int, byte[]> GetClientExtensions()
    {
        var extensions = base.GetClientExtensions();
        DtlsSrtpState.AddOffer(extensions);
        return extensions;
    }

    public override void ProcessServerExtensions(IDictionary<int, byte[]> serverExtensions)
    {
        base.ProcessServerExtensions(serverExtensions);
        state.AcceptChoice(serverExtensions);
    }

    public override TlsAuthentication GetAuthentication() => new Authentication(this, state);

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        state.Complete(m_context);
    }

    private sealed class Authentication(DtlsSrtpClient owner, DtlsSrtpState state) : TlsAuthentication
    {
        public void NotifyServerCertificate(TlsServerCertificate serverCertificate) =>
            state.VerifyPeerCertificate(serverCertificate.Certificate);

        public TlsCredentials GetClientCredentials(CertificateRequest certificateRequest) =>
            state.CreateSigner(owner.m_context, (BcTlsCrypto)owner.Crypto);
    }
}
