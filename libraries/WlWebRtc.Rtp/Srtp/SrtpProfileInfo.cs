namespace WlWebRtc.Rtp.Srtp;

/// <summary>Lengths that go with a profile.</summary>
internal static class SrtpProfileInfo
{
    public static bool IsGcm(SrtpProfile profile) => profile is SrtpProfile.AeadAes128Gcm or SrtpProfile.AeadAes256Gcm;

    public static int MasterKeyLength(SrtpProfile profile) => profile switch
    {
        SrtpProfile.AesCm128HmacSha1Tag80 => 16,
        SrtpProfile.AeadAes128Gcm => 16,
        SrtpProfile.AeadAes256Gcm => 32,
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unknown SRTP profile."),
    };

    public static int MasterSaltLength(SrtpProfile profile) => profile switch
    {
        SrtpProfile.AesCm128HmacSha1Tag80 => 14,
        SrtpProfile.AeadAes128Gcm or SrtpProfile.AeadAes256Gcm => 12,
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unknown SRTP profile."),
    };

    /// <summary>Bytes added to an RTP packet: the 80-bit HMAC tag or the 128-bit GCM tag.</summary>
    public static int TagLength(SrtpProfile profile) => IsGcm(profile) ? 16 : 10;

    public static void Validate(SrtpProfile profile) => _ = MasterKeyLength(profile);
}
