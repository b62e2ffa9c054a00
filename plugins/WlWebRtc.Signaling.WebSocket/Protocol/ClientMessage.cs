using WlWebRtc.Transport;

namespace WlWebRtc.Signaling.WebSocket.Protocol;

/// <summary>A message from a viewer (see PROTOCOL.md).</summary>
internal abstract record ClientMessage;

/// <summary><c>{"type":"auth","token":"…"}</c>: the token, when not given in the URL or a header.</summary>
internal sealed record AuthMessage(string Token) : ClientMessage;

/// <summary><c>{"type":"offer","sdp":"…"}</c>: starts (or restarts) the viewer's session.</summary>
internal sealed record OfferMessage(string Sdp) : ClientMessage;

/// <summary><c>{"type":"candidate",…}</c>: a trickled candidate; null candidate ends them.</summary>
internal sealed record CandidateMessage(IceCandidate? Candidate) : ClientMessage;

/// <summary><c>{"type":"bye"}</c>: ends the viewer's session and keeps the socket.</summary>
internal sealed record ByeMessage : ClientMessage;

/// <summary><c>{"type":"ping","id":…}</c>: answered with a <c>pong</c> carrying the same id.</summary>
internal sealed record PingMessage(long Id) : ClientMessage;

/// <summary><c>{"type":"restart-ice","sdp":"…"}</c>: a re-offer with new ICE credentials on the live session (ICE restart).</summary>
internal sealed record RestartIceMessage(string Sdp) : ClientMessage;
