namespace WlWebRtc.Transport.WebRtc.Ice;

internal enum IceConnectionState
{
    New,
    Checking,
    Connected,
    Disconnected,
    Failed,
    Closed,
}
