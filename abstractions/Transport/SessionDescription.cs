namespace WlWebRtc.Transport;

/// <summary>An SDP offer or answer.</summary>
/// <param name="Type">Offer or answer.</param>
/// <param name="Sdp">The SDP text.</param>
public sealed record SessionDescription(SdpType Type, string Sdp);

/// <summary>The role of a session description.</summary>
public enum SdpType
{
    /// <summary>An offer.</summary>
    Offer,

    /// <summary>An answer.</summary>
    Answer,
}
