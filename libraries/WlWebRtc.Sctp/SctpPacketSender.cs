namespace WlWebRtc.Sctp;

/// <summary>Sends one SCTP packet (one DTLS record). The span is only valid during the call; must not call back into the association synchronously.</summary>
public delegate void SctpPacketSender(ReadOnlySpan<byte> packet);

/// <summary>A message arrived on <paramref name="channel"/>. The span is only valid during the call.</summary>
public delegate void DataChannelMessageHandler(DataChannel channel, ReadOnlySpan<byte> data, bool isBinary);
