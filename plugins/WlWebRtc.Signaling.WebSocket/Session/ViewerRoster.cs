using System.Collections.Concurrent;

namespace WlWebRtc.Signaling.WebSocket.Session;

/// <summary>
/// The sessions of this endpoint and which of them have a live viewer; tells every session when the number of
/// viewers changes (the <c>viewers</c> event).
/// </summary>
internal sealed class ViewerRoster
{
    private readonly ConcurrentDictionary<SignalingSession, bool> _sessions = new();

    public int ViewerCount => _sessions.Count(s => s.Value);

    public void Join(SignalingSession session) => _sessions[session] = false;

    public void Leave(SignalingSession session)
    {
        if (_sessions.TryRemove(session, out var hadViewer) && hadViewer)
        {
            Announce();
        }
    }

    public void SetHasViewer(SignalingSession session, bool hasViewer)
    {
        if (_sessions.TryGetValue(session, out var before) && before != hasViewer && _sessions.TryUpdate(session, hasViewer, before))
        {
            Announce();
        }
    }

    private void Announce()
    {
        var count = ViewerCount;
        foreach (var session in _sessions.Keys)
        {
            session.NotifyViewerCount(count);
        }
    }
}
