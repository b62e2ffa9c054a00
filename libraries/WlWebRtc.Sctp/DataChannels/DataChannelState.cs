namespace WlWebRtc.Sctp;

/// <summary>RTCDataChannelState.</summary>
public enum DataChannelState
{
    Connecting,
    Open,
    Closing,
    Closed,
}
