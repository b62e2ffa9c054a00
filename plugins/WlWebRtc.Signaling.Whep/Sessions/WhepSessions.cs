using System.Collections.Concurrent;

namespace WlWebRtc.Signaling.Whep.Sessions;

/// <summary>
/// The viewers created through WHEP (only these can be patched or deleted through <c>/whep/{id}</c>), with a
/// ceiling on how many exist at once. A session leaves when its viewer closes, whichever side closed it.
/// </summary>
internal sealed class WhepSessions(int capacity)
{
    private readonly ConcurrentDictionary<string, WhepSession> _sessions = new(StringComparer.Ordinal);
    private int _reserved;

    public int Count => _sessions.Count;

    public int Capacity => capacity;

    /// <summary>Reserves room for one session; false when full. Follow with <see cref="Add"/> or <see cref="Release"/>.</summary>
    public bool TryReserve()
    {
        while (true)
        {
            var reserved = Volatile.Read(ref _reserved);
            if (reserved >= capacity)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _reserved, reserved + 1, reserved) == reserved)
            {
                return true;
            }
        }
    }

    public void Release() => Interlocked.Decrement(ref _reserved);

    /// <summary>Adds a reserved session; it is removed (and its room released) when its viewer closes.</summary>
    public void Add(WhepSession session)
    {
        _sessions[session.Viewer.Id] = session;
        session.Viewer.Closed.Register(() =>
        {
            if (_sessions.TryRemove(session.Viewer.Id, out _))
            {
                session.Dispose();
                Release();
            }
        });
    }

    public WhepSession? Find(string id) => _sessions.GetValueOrDefault(id);
}
