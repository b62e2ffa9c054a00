namespace WlWebRtc.Transport;

/// <summary>
/// A role a peer session may take: it trickles its own ICE candidates (RFC 8838) found after its answer or offer was
/// written (server-reflexive and relayed ones, which take a round trip to a STUN or TURN server), so that the
/// description goes out at once.
/// </summary>
public interface ILocalCandidateSource
{
    /// <summary>
    /// Calls <paramref name="handler"/> with every candidate trickled so far (at once, in order), then with each new one,
    /// and finally with null when gathering ended (end-of-candidates). Calls come from transport threads and must return
    /// quickly. Disposing the result stops them.
    /// </summary>
    IDisposable SubscribeLocalCandidates(Action<IceCandidate?> handler);
}
