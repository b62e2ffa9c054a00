namespace WlWebRtc.Sctp;

/// <summary>Every log event id of this assembly, in one place so that none is used twice.</summary>
internal static class EventIds
{
    // Association
    public const int StateChanged = 1;
    public const int SendFailed = 2;
    public const int ProcessingError = 3;
    public const int HandlerFailed = 4;
    public const int PacketDropped = 5;
    public const int AssociationFailed = 6;
    public const int PeerError = 7;
    public const int ProtocolViolation = 8;

    // Data channels
    public const int RemoteChannelOpened = 20;
    public const int ChannelClosed = 21;
}
