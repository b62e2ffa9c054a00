using System.Collections.Concurrent;

namespace WlWebRtc.Signaling.WebSocket.Session;

/// <summary>
/// The sessions of this endpoint; tells every one of them when the server's number of viewers changes (the
/// <c>viewers</c> event), counting viewers of every signaling plugin (WHEP players too), as the gateway reports them.
/// </summary>
internal sealed class ViewerRoster
{
    private readonly ConcurrentDictionary<SignalingSession, byte> _sessions = new();
    private readonly IViewerGateway _gateway;

    public ViewerRoster(IViewerGateway gateway)
    {
        _gateway = gateway;
        gateway.ViewerCountChanged += (_, count) => Announce(count);
    }

    public int ViewerCount => _gateway.ViewerCount;

    public void Join(SignalingSession session) => _sessions[session] = 0;

    public void Leave(SignalingSession session) => _sessions.TryRemove(session, out _);

    private void Announce(int count)
    {
        foreach (var session in _sessions.Keys)
        {
            session.NotifyViewerCount(count);
        }
    }
}
