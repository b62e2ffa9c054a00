using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using WlWebRtc.Rtp.Srtp;
using WlWebRtc.Transport.WebRtc.Sdp;

namespace WlWebRtc.Transport.WebRtc.Dtls;

/// <summary>
/// The DTLS-SRTP handshake state both roles share (RFC 5763/5764): DTLS 1.2 only with ECDSA GCM suites, our
/// certificate, the peer's certificate checked against the SDP fingerprint, use_srtp negotiation, the SRTP keys
/// exported when the handshake completes, and whether the peer closed. <see cref="DtlsSrtpClient"/> and
/// <see cref="DtlsSrtpServer"/> derive from different BouncyCastle bases and delegate here.
/// </summary>
internal sealed class DtlsSrtpState(DtlsCertificate certificate, SdpFingerprint remoteFingerprint, DtlsTimers timers, bool isClient)
{
    private int _profile = -1;

    public DtlsTimers Timers { get; } = timers;

    public bool IsClient { get; } = isClient;

    /// <summary>Set once the handshake completed.</summary>
    public DtlsSrtpKeys? Keys { get; private set; }

    /// <summary>Set when the peer sent close_notify or a fatal alert: BouncyCastle's Receive then just returns -1.</summary>
    public bool PeerClosed { get; private set; }

    public bool FingerprintMismatch { get; private set; }

    public static ProtocolVersion[] SupportedVersions() => ProtocolVersion.DTLSv12.Only();

    public static int[] SupportedCipherSuites() =>
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    ];

    public void OnAlertReceived(short alertLevel, short alertDescription)
    {
        if (alertDescription == AlertDescription.close_notify || alertLevel == AlertLevel.fatal)
        {
            PeerClosed = true;
        }
    }

    /// <summary>Fails the handshake unless the peer's certificate hashes to the SDP fingerprint.</summary>
    public void VerifyPeerCertificate(Certificate? peerCertificate)
    {
        if (!DtlsCredentials.Matches(peerCertificate, remoteFingerprint))
        {
            FingerprintMismatch = true;
            throw new TlsFatalAlert(AlertDescription.bad_certificate, $"the {(IsClient ? "server" : "client")} certificate does not match the SDP fingerprint");
        }
    }

    public TlsCredentialedSigner CreateSigner(TlsContext context, BcTlsCrypto crypto) =>
        DtlsCredentials.CreateSigner(context, crypto, certificate);

    /// <summary>The client's use_srtp offer: every profile we accept, best first.</summary>
    public static void AddOffer(IDictionary<int, byte[]> clientExtensions) =>
        TlsSrtpUtilities.AddUseSrtpExtension(clientExtensions, new UseSrtpData(SrtpProfiles.Preference, TlsUtilities.EmptyBytes));

    /// <summary>Client: the server must have chosen exactly one of the profiles offered.</summary>
    public void AcceptChoice(IDictionary<int, byte[]> serverExtensions)
    {
        var chosen = TlsSrtpUtilities.GetUseSrtpExtension(serverExtensions)
            ?? throw new TlsFatalAlert(AlertDescription.handshake_failure, "the server did not accept use_srtp");
        if (chosen.ProtectionProfiles.Length != 1 || Array.IndexOf(SrtpProfiles.Preference, chosen.ProtectionProfiles[0]) < 0)
        {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter, "the server chose an SRTP profile we did not offer");
        }

        _profile = chosen.ProtectionProfiles[0];
    }

    /// <summary>Server: picks our most preferred profile among those the client offered.</summary>
    public void Choose(IDictionary<int, byte[]> clientExtensions)
    {
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

    /// <summary>Server: answers use_srtp with the profile chosen.</summary>
    public void AddChoice(IDictionary<int, byte[]> serverExtensions) =>
        TlsSrtpUtilities.AddUseSrtpExtension(serverExtensions, new UseSrtpData([_profile], TlsUtilities.EmptyBytes));

    /// <summary>Exports the SRTP master keys (RFC 5764 §4.2) once the handshake is complete.</summary>
    public void Complete(TlsContext context) => Keys = DtlsCredentials.ExportKeys(context, (SrtpProfile)_profile, IsClient);
}
