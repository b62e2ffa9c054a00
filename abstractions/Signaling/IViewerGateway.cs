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
}
