namespace WlWebRtc.Rtp.Srtp;

/// <summary>SRTP protection profiles, numbered as in the DTLS use_srtp extension (RFC 5764, RFC 7714).</summary>
public enum SrtpProfile : ushort
{
    /// <summary>SRTP_AES128_CM_HMAC_SHA1_80 (0x0001).</summary>
    AesCm128HmacSha1Tag80 = 0x0001,

    /// <summary>SRTP_AEAD_AES_128_GCM (0x0007).</summary>
    AeadAes128Gcm = 0x0007,

    /// <summary>SRTP_AEAD_AES_256_GCM (0x0008).</summary>
    AeadAes256Gcm = 0x0008,
}
