using Microsoft.Extensions.Logging;
using WlWebRtc.Transport.WebRtc.Ice;

namespace WlWebRtc.Transport.WebRtc.Session;

/// <summary>
/// The server's local addresses changed mid-session (<see cref="Plugin.WebRtcTransport"/> rebound its sockets): a full
/// agent takes the new sockets as host candidates, and a live session asks its viewer for an ICE restart
/// (<see cref="IIceRestartRequester"/>), whose answer carries the new addresses. A lite session can offer them only in
/// an answer, so the restart is the only way; a viewer that never hears the request (WHEP) restarts on its own when
/// its path dies, and gets the new addresses then.
/// </summary>
internal sealed partial class WebRtcPeerSession : IIceRestartRequester
{
    private readonly Lock _restartRequestLock = new();
    private readonly List<Action> _restartRequestHandlers = [];

    /// <summary>The sockets this session gathers on (its own in per-session mode, else the transport's shared ones).</summary>
    internal Plugin.SocketSet Sockets => _sockets;

    /// <summary>The ICE restarts this session asked its viewer for.</summary>
    internal int IceRestartsRequested { get; private set; }

    public IDisposable SubscribeIceRestartRequests(Action handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_restartRequestLock)
        {
            _restartRequestHandlers.Add(handler);
        }

        return new Subscription(this, handler);
    }

    /// <summary>Called by the transport after its sockets follow a change of the local addresses.</summary>
    internal void OnLocalAddressesChanged()
    {
        try
        {
            if (_ice is FullIceSession full)
            {
                full.OnLocalAddressesChanged();
            }

            if (_negotiated is null || State is not (PeerSessionState.Connecting or PeerSessionState.Connected or PeerSessionState.Disconnected))
            {
                return; // not yet answered (the answer will carry the new addresses) or over
            }

            Action[] handlers;
            lock (_restartRequestLock)
            {
                handlers = [.. _restartRequestHandlers];
                IceRestartsRequested++;
            }

            Log.RestartRequested(_logger, Id, handlers.Length);
            foreach (var handler in handlers)
            {
                handler();
            }
        }
// Catch-all on purpose (see CONTRIBUTING.md, containment): one session's (or its signaling's) failure must not stop the others from hearing of the change
        catch (Exception ex)
        {
            Log.EntryPointThrew(_logger, ex, Id, "a local address change");
        }
    }

    private sealed class Subscription(WebRtcPeerSession session, Action handler) : IDisposable
    {
        public void Dispose()
        {
            lock (session._restartRequestLock)
            {
                session._restartRequestHandlers.Remove(handler);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.SessionIceRestartRequested, Level = LogLevel.Information, Message = "Session {Id}: the local addresses changed; asking the viewer for an ICE restart ({Listeners} signaling listeners)")]
        public static partial void RestartRequested(ILogger logger, string id, int listeners);
    }
}
