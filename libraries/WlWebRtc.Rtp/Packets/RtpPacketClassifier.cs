namespace WlWebRtc.Rtp.Packets;

/// <summary>Tells RTP from RTCP on a muxed port (RFC 5761 section 4).</summary>
public static class RtpPacketClassifier
{
    /// <summary>True for RTCP: version 2 and a second byte (packet type) of 192-223.</summary>
    public static bool IsRtcp(ReadOnlySpan<byte> datagram) =>
        datagram.Length >= 8 && (datagram[0] >> 6) == 2 && datagram[1] is >= 192 and <= 223;

    /// <summary>True for RTP: version 2, at least a fixed header, and not RTCP.</summary>
    public static bool IsRtp(ReadOnlySpan<byte> datagram) =>
        datagram.Length >= RtpHeader.FixedLength && (datagram[0] >> 6) == 2 && !IsRtcp(datagram);
}
