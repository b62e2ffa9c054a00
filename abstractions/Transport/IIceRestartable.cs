namespace WlWebRtc.Transport;

/// <summary>
/// A role a peer session may take: an ICE restart (RFC 8445 section 9) without a new session. ICE starts over with new
/// credentials on both sides and new candidate pairs; DTLS, SRTP and the media keep their state and flow on the old
/// pair until a new one is selected.
/// </summary>
public interface IIceRestartable
{
    /// <summary>
    /// A re-offer that changes only the ICE credentials (what a browser makes after <c>restartIce()</c>): returns the
    /// answer with the server's new credentials and candidates. Throws <see cref="SessionDescriptionException"/> when the
    /// offer is malformed or changes more than ICE.
    /// </summary>
    ValueTask<SessionDescription> RestartIceAsync(SessionDescription offer, CancellationToken cancellationToken);

    /// <summary>
    /// The peer's new ICE credentials and candidates (a WHEP/WHIP PATCH, RFC 9725 section 4.3.2): returns the server's
    /// new credentials and candidates. Throws <see cref="SessionDescriptionException"/> for unusable parameters.
    /// </summary>
    ValueTask<IceParameters> RestartIceAsync(IceParameters remote, CancellationToken cancellationToken);
}

/// <summary>One side's ICE parameters for a restart: credentials and candidates.</summary>
/// <param name="Ufrag">a=ice-ufrag.</param>
/// <param name="Pwd">a=ice-pwd.</param>
/// <param name="Candidates">The candidates known now (more may be trickled).</param>
public sealed record IceParameters(string Ufrag, string Pwd, IReadOnlyList<IceCandidate> Candidates);
