namespace WlWebRtc.Transport;

/// <summary>
/// A role a peer session may take besides <see cref="IIceRestartable"/>: it asks its peer to restart ICE when something on
/// the server's side changed that the peer cannot see (the server's own addresses). In WebRTC the offerer restarts, so
/// signaling passes the request on and the peer answers with a re-offer (<see cref="IIceRestartable.RestartIceAsync(SessionDescription, CancellationToken)"/>).
/// </summary>
public interface IIceRestartRequester
{
    /// <summary>
    /// Calls <paramref name="handler"/> each time the session wants its peer to restart ICE. Calls come from transport
    /// threads and must return quickly. Disposing the result stops them.
    /// </summary>
    IDisposable SubscribeIceRestartRequests(Action handler);
}
