namespace WlWebRtc.Rtp.Rtcp;

/// <summary>RTCP packet types (RFC 3550, RFC 4585).</summary>
internal static class RtcpPacketType
{
    public const byte SenderReport = 200;
    public const byte ReceiverReport = 201;
    public const byte SourceDescription = 202;
    public const byte Goodbye = 203;
    public const byte TransportFeedback = 205;
    public const byte PayloadFeedback = 206;

    public const int GenericNackFormat = 1;
    public const int TransportWideCcFormat = 15;
    public const int PliFormat = 1;
    public const int FirFormat = 4;
    public const int ApplicationLayerFeedbackFormat = 15;
}
