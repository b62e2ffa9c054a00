using WlWebRtc.Transport;

namespace WlWebRtc.Signaling;

/// <summary>The host's door for viewers: checks access tokens and turns an offer into a connected viewer.</summary>
public interface IViewerGateway
{
    /// <summary>Checks a bearer token; null when it grants nothing.</summary>
    ViewerAccess? Authenticate(string? token);

    /// <summary>
    /// The server-wide limit on wrong tokens: ask it before <see cref="Authenticate"/>, and tell it the outcome.
    /// </summary>
    IAuthenticationGuard AuthenticationGuard { get; }

    /// <summary>
    /// Creates a viewer session from an offer and answers it. Throws <see cref="SessionDescriptionException"/>
    /// for a bad offer and <see cref="ViewerLimitException"/> when the server is full.
    /// </summary>
    ValueTask<IViewerConnection> ConnectAsync(SessionDescription offer, ViewerAccess access, CancellationToken cancellationToken);

    /// <summary>How many viewers are connected now, through every signaling plugin.</summary>
    int ViewerCount { get; }

    /// <summary>Raised with the new <see cref="ViewerCount"/> after a viewer joins or leaves (on any thread).</summary>
    event EventHandler<int>? ViewerCountChanged;

    /// <summary>Finds a viewer by id (for WHEP's session resource), or null.</summary>
    IViewerConnection? Find(string id);

    /// <summary>
    /// The STUN/TURN servers to send a new viewer (WebSocket message, WHEP Link headers), with freshly minted TURN
    /// credentials; empty when the transport has none (<see cref="IIceServerSource"/>).
    /// </summary>
    IReadOnlyList<IceServer> GetIceServers() => [];
    /// <summary>
    /// Creates a view-only session for which this server makes the offer, for an egress that pushes the stream to a
    /// media server (e.g. a WHIP publisher into an SFU): <paramref name="negotiate"/> gets the offer and returns the
    /// media server's answer. The session controls ICE with a full agent, gathering also through
    /// <paramref name="iceServers"/>; it never gets the control role. Throws what <paramref name="negotiate"/> throws,
    /// and <see cref="SessionDescriptionException"/> for an unusable answer.
    /// </summary>
    ValueTask<IViewerConnection> PublishAsync(
        Func<SessionDescription, CancellationToken, ValueTask<SessionDescription>> negotiate, IReadOnlyList<IceServer> iceServers, CancellationToken cancellationToken) =>
        throw new NotSupportedException("This gateway cannot publish to a media server.");

    /// <summary>
    /// <see cref="PublishAsync(Func{SessionDescription, CancellationToken, ValueTask{SessionDescription}}, IReadOnlyList{IceServer}, CancellationToken)"/>
    /// with the session's own candidates limited by <paramref name="policy"/> (<see cref="IceTransportPolicy.Relay"/>: only
    /// relayed ones, through the TURN servers of <paramref name="iceServers"/> or the transport's).
    /// </summary>
    ValueTask<IViewerConnection> PublishAsync(
        Func<SessionDescription, CancellationToken, ValueTask<SessionDescription>> negotiate, IReadOnlyList<IceServer> iceServers, IceTransportPolicy policy, CancellationToken cancellationToken) =>
        policy == IceTransportPolicy.All
            ? PublishAsync(negotiate, iceServers, cancellationToken)
            : throw new NotSupportedException("This gateway cannot publish through relays only.");

    /// <summary>Records an egress's state for <c>status</c> and <c>/metrics</c> (the last report per name stands).</summary>
    void ReportEgress(EgressStatus status)
    {
    }
}
