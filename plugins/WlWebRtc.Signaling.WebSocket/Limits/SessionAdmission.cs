namespace WlWebRtc.Signaling.WebSocket.Limits;

/// <summary>
/// Who may hold a socket: authenticated sessions count against <c>max_sessions</c>; sockets still waiting for
/// their <c>auth</c> message have their own, smaller caps (per address and in all), so that clients without a token
/// cannot take the slots of real viewers.
/// </summary>
internal sealed class SessionAdmission(int maxSessions, int maxPending, int maxPendingPerAddress)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _pendingByAddress = new(StringComparer.Ordinal);
    private int _pending;

    public SessionSlots Sessions { get; } = new(maxSessions);

    public int Pending
    {
        get
        {
            lock (_lock)
            {
                return _pending;
            }
        }
    }

    public int MaxPending => maxPending;

    public int MaxPendingPerAddress => maxPendingPerAddress;

    /// <summary>A session slot for a socket that authenticated before the upgrade; null when all are taken.</summary>
    public SessionTicket? TryAdmitAuthenticated() => Sessions.TryTake() ? new SessionTicket(this, null) : null;

    /// <summary>A waiting slot for a socket without a token yet; null (and why) when the address or the server has too many.</summary>
    public SessionTicket? TryAdmitPending(string client, out string refusal)
    {
        lock (_lock)
        {
            var ofAddress = _pendingByAddress.GetValueOrDefault(client);
            if (ofAddress >= maxPendingPerAddress)
            {
                refusal = $"this address already has {maxPendingPerAddress} connections waiting for authentication (signaling.websocket.max_unauthenticated_per_address)";
                return null;
            }

            if (_pending >= maxPending)
            {
                refusal = $"the server already has {maxPending} connections waiting for authentication (signaling.websocket.max_unauthenticated)";
                return null;
            }

            _pendingByAddress[client] = ofAddress + 1;
            _pending++;
        }

        refusal = string.Empty;
        return new SessionTicket(this, client);
    }

    internal void ReleasePending(string client)
    {
        lock (_lock)
        {
            _pending--;
            var left = _pendingByAddress[client] - 1;
            if (left == 0)
            {
                _pendingByAddress.Remove(client);
            }
            else
            {
                _pendingByAddress[client] = left;
            }
        }
    }
}

/// <summary>
/// The slot one socket holds: a waiting slot until it authenticates (<see cref="TryPromote"/>), then a session slot.
/// Disposing releases whichever it holds.
/// </summary>
internal sealed class SessionTicket : IDisposable
{
    private readonly SessionAdmission _admission;
    private string? _pendingClient;
    private bool _holdsSession;

    internal SessionTicket(SessionAdmission admission, string? pendingClient)
    {
        _admission = admission;
        _pendingClient = pendingClient;
        _holdsSession = pendingClient is null;
    }

    public bool HoldsSession => _holdsSession;

    /// <summary>Trades the waiting slot for a session slot; false (keeping the waiting slot) when all are taken.</summary>
    public bool TryPromote()
    {
        if (_holdsSession)
        {
            return true;
        }

        if (!_admission.Sessions.TryTake())
        {
            return false;
        }

        _holdsSession = true;
        ReleasePending();
        return true;
    }

    public void Dispose()
    {
        ReleasePending();
        if (_holdsSession)
        {
            _holdsSession = false;
            _admission.Sessions.Release();
        }
    }

    private void ReleasePending()
    {
        if (_pendingClient is not null)
        {
            _admission.ReleasePending(_pendingClient);
            _pendingClient = null;
        }
    }
}
