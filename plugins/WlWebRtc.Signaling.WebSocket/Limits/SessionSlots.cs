namespace WlWebRtc.Signaling.WebSocket.Limits;

/// <summary>A counter of open sessions with a ceiling.</summary>
internal sealed class SessionSlots(int capacity)
{
    private int _used;

    public int Used => Volatile.Read(ref _used);

    public int Capacity => capacity;

    public bool TryTake()
    {
        while (true)
        {
            var used = Volatile.Read(ref _used);
            if (used >= capacity)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _used, used + 1, used) == used)
            {
                return true;
            }
        }
    }

    public void Release() => Interlocked.Decrement(ref _used);
}
