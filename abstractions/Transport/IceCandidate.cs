namespace WlWebRtc.Transport;

/// <summary>A trickled ICE candidate as browsers send it.</summary>
/// <param name="Candidate">The <c>candidate:</c> attribute value.</param>
/// <param name="SdpMid">The media section id, if given.</param>
/// <param name="SdpMLineIndex">The media section index, if given.</param>
public sealed record IceCandidate(string Candidate, string? SdpMid, int? SdpMLineIndex);
