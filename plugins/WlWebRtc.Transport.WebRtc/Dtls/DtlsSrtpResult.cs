using WlWebRtc.Rtp.Srtp;

namespace WlWebRtc.Transport.WebRtc.Dtls;

/// <summary>The outcome of a DTLS-SRTP handshake: the profile and the two directions' master keys.</summary>
internal sealed record DtlsSrtpKeys(SrtpProfile Profile, SrtpMasterKey Local, SrtpMasterKey Remote);

internal static class SrtpProfiles
{
    /// <summary>Profiles we accept, best first: GCM is authenticated encryption in one pass (AES-NI), cheapest per packet.</summary>
    public static readonly int[] Preference =
    [
        (int)SrtpProfile.AeadAes128Gcm,
        (int)SrtpProfile.AesCm128HmacSha1Tag80,
        (int)SrtpProfile.AeadAes256Gcm,
    ];
}
