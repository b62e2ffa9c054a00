namespace WlWebRtc.Sctp;

/// <summary>What the peer's INIT or INIT-ACK said about its side of the association.</summary>
internal readonly record struct PeerParameters(
    uint Tag, uint InitialTsn, uint ReceiveWindow, ushort OutboundStreams, ushort InboundStreams, bool SupportsForwardTsn, bool SupportsReConfig);
