namespace WlWebRtc.Rtp.Sending;

/// <summary>Where protected packets go (the plugin's UDP socket towards one viewer). Must not block for long.</summary>
public interface IRtpPacketSink
{
    /// <summary>Sends one SRTP or SRTCP datagram; the span is valid only during the call.</summary>
    void SendDatagram(ReadOnlySpan<byte> datagram);
}
