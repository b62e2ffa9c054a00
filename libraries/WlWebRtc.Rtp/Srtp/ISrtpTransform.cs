namespace WlWebRtc.Rtp.Srtp;

/// <summary>
/// The cipher and message authentication of one protection profile, for one direction's session keys. The
/// <see cref="SrtpSession"/> owns everything else (SSRC state, packet indices, replay windows) and hands the
/// transform a packet whose index is already known. Not thread-safe, like the session.
/// </summary>
internal interface ISrtpTransform : IDisposable
{
    /// <summary>Bytes of the authentication tag added to every packet (10 or 16).</summary>
    int TagLength { get; }

    /// <summary>Encrypts the payload of <paramref name="packet"/> into <paramref name="destination"/>, whose first
    /// <paramref name="headerLength"/> bytes already hold the header, and writes the tag after it.</summary>
    void ProtectRtp(ReadOnlySpan<byte> packet, Span<byte> destination, int headerLength, uint ssrc, ulong index);

    /// <summary>Authenticates <paramref name="packet"/> (an SRTP packet, tag included) and decrypts its payload in
    /// place. False when the tag does not match; the packet is then left as it was.</summary>
    bool UnprotectRtp(Span<byte> packet, int headerLength, uint ssrc, ulong index);

    /// <summary>Encrypts everything after the first 8 bytes of <paramref name="packet"/> into
    /// <paramref name="destination"/>, and appends the E flag with <paramref name="srtcpIndex"/> and the tag in the
    /// profile's order. The caller copied the first 8 bytes.</summary>
    void ProtectRtcp(ReadOnlySpan<byte> packet, Span<byte> destination, uint ssrc, uint srtcpIndex);

    /// <summary>Where the E flag and SRTCP index sit in a received SRTCP packet of <paramref name="packetLength"/> bytes.</summary>
    int SrtcpIndexOffset(int packetLength);

    /// <summary>Authenticates an SRTCP packet and, when <paramref name="eAndIndex"/> has the E flag, decrypts it in
    /// place. False when the tag does not match.</summary>
    bool UnprotectRtcp(Span<byte> packet, uint ssrc, uint eAndIndex);
}
