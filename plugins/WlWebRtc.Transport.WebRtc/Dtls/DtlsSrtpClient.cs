using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using Org.BouncyCastle.Security;
using WlWebRtc.Rtp.Srtp;
using WlWebRtc.Transport.WebRtc.Sdp;

namespace WlWebRtc.Transport.WebRtc.Dtls;

/// <summary>The DTLS 1.2 client, for sessions where the viewer answered a=setup:passive.</summary>
internal sealed class DtlsSrtpClient : DefaultTlsClient
{
    private readonly DtlsCertificate _certificate;
    private readonly SdpFingerprint _remoteFingerprint;
    private readonly DtlsTimers _timers;
    private int _profile = -1;

    public DtlsSrtpClient(DtlsCertificate certificate, SdpFingerprint remoteFingerprint, DtlsTimers timers)
        : base(new BcTlsCrypto(new SecureRandom()))
    {
        _certificate = certificate;
        _remoteFingerprint = remoteFingerprint;
        _timers = timers;
    }

    public DtlsSrtpKeys? Keys { get; private set; }

    /// <summary>Set when the peer sent close_notify: BouncyCastle's Receive then just returns -1.</summary>
    public bool PeerClosed { get; private set; }

    public override void NotifyAlertReceived(short alertLevel, short alertDescription)
    {
        base.NotifyAlertReceived(alertLevel, alertDescription);
        if (alertDescription == AlertDescription.close_notify || alertLevel == AlertLevel.fatal)
        {
            PeerClosed = true;
        }
    }

    public bool FingerprintMismatch { get; private set; }

    public override int GetHandshakeResendTimeMillis() => _timers.ResendMillis;

    public override int GetHandshakeTimeoutMillis() => _timers.TimeoutMillis;

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() =>
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    ];

    public override IDictionary<int, byte[]> GetClientExtensions()
    {
        var extensions = base.GetClientExtensions();
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData(SrtpProfiles.Preference, TlsUtilities.EmptyBytes));
        return extensions;
    }

    public override void ProcessServerExtensions(IDictionary<int, byte[]> serverExtensions)
    {
        base.ProcessServerExtensions(serverExtensions);
        var chosen = TlsSrtpUtilities.GetUseSrtpExtension(serverExtensions)
            ?? throw new TlsFatalAlert(AlertDescription.handshake_failure, "the server did not accept use_srtp");
        if (chosen.ProtectionProfiles.Length != 1 || Array.IndexOf(SrtpProfiles.Preference, chosen.ProtectionProfiles[0]) < 0)
        {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter, "the server chose an SRTP profile we did not offer");
        }

        _profile = chosen.ProtectionProfiles[0];
    }

    public override TlsAuthentication GetAuthentication() => new Authentication(this);

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        Keys = DtlsCredentials.ExportKeys(m_context, (SrtpProfile)_profile, isClient: true);
    }

    private sealed class Authentication(DtlsSrtpClient owner) : TlsAuthentication
    {
        public void NotifyServerCertificate(TlsServerCertificate serverCertificate)
        {
            if (!DtlsCredentials.Matches(serverCertificate.Certificate, owner._remoteFingerprint))
            {
                owner.FingerprintMismatch = true;
                throw new TlsFatalAlert(AlertDescription.bad_certificate, "the server certificate does not match the SDP fingerprint");
            }
        }

        public TlsCredentials GetClientCredentials(CertificateRequest certificateRequest) =>
            DtlsCredentials.CreateSigner(owner.m_context, (BcTlsCrypto)owner.Crypto, owner._certificate);
    }
}
