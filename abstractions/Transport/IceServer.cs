namespace WlWebRtc.Transport;

/// <summary>
/// A STUN or TURN server for a viewer's RTCPeerConnection (the W3C RTCIceServer: urls, username, credential).
/// TURN credentials are meant to be short-lived and minted for the viewer that receives them.
/// </summary>
/// <param name="Urls">stun:, turn: or turns: URIs.</param>
/// <param name="Username">The TURN username, or null for STUN.</param>
/// <param name="Credential">The TURN password, or null for STUN.</param>
public sealed record IceServer(IReadOnlyList<string> Urls, string? Username = null, string? Credential = null);
