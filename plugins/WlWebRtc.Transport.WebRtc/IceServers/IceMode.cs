namespace WlWebRtc.Transport.WebRtc.IceServers;

/// <summary>Which ICE agent a session runs (<c>transport.webrtc.ice_mode</c>).</summary>
internal enum IceMode
{
    /// <summary>Full when STUN or TURN servers are configured, lite otherwise (see config.toml).</summary>
    Auto,

    /// <summary>RFC 8445 section 2.5: answers the viewer's checks only; enough when the viewer can reach a host or announced address.</summary>
    Lite,

    /// <summary>The WlWebRtc.Ice agent: host, server-reflexive and relayed candidates, checks of its own, consent.</summary>
    Full,
}
