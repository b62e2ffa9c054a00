namespace WlWebRtc.Signaling;

/// <summary>
/// How an egress (a component that pushes the stream to a media server, e.g. a WHIP publisher into an SFU) is doing,
/// as it reports it through <see cref="IViewerGateway.ReportEgress"/> for <c>status</c> and <c>/metrics</c>.
/// </summary>
/// <param name="Name">The egress's name (its plugin's).</param>
/// <param name="Target">Where it publishes (a URL without credentials).</param>
/// <param name="State">Its state now.</param>
/// <param name="Error">Why the last attempt failed, or null.</param>
/// <param name="Reconnects">How many times it has connected again after a loss or a failure.</param>
/// <param name="ViewerId">The id of its current session (<see cref="IViewerConnection.Id"/>), or null between sessions.</param>
public sealed record EgressStatus(string Name, string Target, EgressState State, string? Error, long Reconnects, string? ViewerId);

/// <summary>The life of an egress.</summary>
public enum EgressState
{
    /// <summary>Negotiating its first session.</summary>
    Connecting,

    /// <summary>Its session is negotiated and carries the stream.</summary>
    Connected,

    /// <summary>Lost its session (or failed to set one up) and waits to try again.</summary>
    Reconnecting,

    /// <summary>The media server refused it (e.g. 401, 403, 404); it waits longer before trying again.</summary>
    Error,

    /// <summary>Stopped with the server.</summary>
    Stopped,
}
