using WlWebRtc.Transport;

namespace WlWebRtc.Signaling.Whep.Sdp;

/// <summary>
/// An <c>application/trickle-ice-sdpfrag</c> body (RFC 8840): ICE credentials, candidates by media section, and
/// whether gathering ended.
/// </summary>
internal sealed record TrickleFragment(string? IceUfrag, string? IcePwd, IReadOnlyList<IceCandidate> Candidates, bool EndOfCandidates);
