namespace WlWebRtc.Transport;

/// <summary>Which of its own candidates a session may use (the W3C RTCIceTransportPolicy).</summary>
public enum IceTransportPolicy
{
    /// <summary>Host, server-reflexive and relayed candidates.</summary>
    All,

    /// <summary>Relayed candidates only (through TURN servers): the peer never learns this host's addresses, and all media goes through the relay.</summary>
    Relay,
}
