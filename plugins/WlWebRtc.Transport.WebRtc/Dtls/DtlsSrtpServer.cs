using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using Org.BouncyCastle.Security;
using WlWebRtc.Rtp.Srtp;
using WlWebRtc.Transport.WebRtc.Sdp;

namespace WlWebRtc.Transport.WebRtc.Dtls;

/// <summary>
/// The DTLS 1.2 server for a session we answered with a=setup:passive (RFC 5763/5764). BouncyCastle has no
/// DTLS 1.3 server, so only 1.2 is offered (Chromium then falls back). The client must present a certificate
/// whose hash matches the SDP fingerprint.
/// </summary>
internal sealed class DtlsSrtpServer : DefaultTlsServer
{
    private readonly DtlsCertificate _certificate;
    private readonly SdpFingerprint _remoteFingerprint;
    private readonly DtlsTimers _timers;
    private int _profile = -1;

    public DtlsSrtpServer(DtlsCertificate certificate, SdpFingerprint remoteFingerprint, DtlsTimers timers)
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

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    public override int GetHandshakeResendTimeMillis() => _timers.ResendMillis;

    public override int GetHandshakeTimeoutMillis() => _timers.TimeoutMillis;

    protected override int[] GetSupportedCipherSuites() =>
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    ];

    protected override TlsCredentialedSigner GetECDsaSignerCredentials() =>
        DtlsCredentials.CreateSigner(m_context, (BcTlsCrypto)Crypto, _certificate);

    public override CertificateRequest GetCertificateRequest() =>
        new([ClientCertificateType.ecdsa_sign], DtlsCredentials.SignatureAlgorithms, null);

    public override void NotifyClientCertificate(Certificate clientCertificate)
    {
        ArgumentNullException.ThrowIfNull(clientCertificate);
        if (!DtlsCredentials.Matches(clientCertificate, _remoteFingerprint))
        {
            FingerprintMismatch = true;
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "the client certificate does not match the SDP fingerprint");
        }
    }

    public override void ProcessClientExtensions(IDictionary<int, byte[]> clientExtensions)
    {
        base.ProcessClientExtensions(clientExtensions);
        var offered = TlsSrtpUtilities.GetUseSrtpExtension(clientExtensions)
            ?? throw new TlsFatalAlert(AlertDescription.handshake_failure, "the client did not offer use_srtp");
        foreach (var profile in SrtpProfiles.Preference)
        {
            if (Array.IndexOf(offered.ProtectionProfiles, profile) >= 0)
            {
                _profile = profile;
                return;
            }
        }

        throw new TlsFatalAlert(AlertDescription.handshake_failure, "no common SRTP protection profile");
    }

    public override IDictionary<int, byte[]> GetServerExtensions()
    {
        var extensions = base.GetServerExtensions();
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData([_profile], TlsUtilities.EmptyBytes));
        return extensions;
    }

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        Keys = DtlsCredentials.ExportKeys(m_context, (SrtpProfile)_profile, isClient: false);
    }
}
