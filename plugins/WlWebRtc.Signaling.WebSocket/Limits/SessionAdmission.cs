namespace WlWebRtc.Signaling.WebSocket.Limits;

/// <summary>
/// Who may hold a socket: authenticated sessions count against <c>max_sessions</c>; sockets still waiting for
/// their <c>auth</c> message have their own, smaller caps (per address and in all), so that clients without a token
/// cannot take the slots of real viewers. When the server-wide waiting cap is full, the socket that has waited
/// longest is evicted for the newcomer (a viewer authenticates within one round trip, a squatter never does), so
/// squatters on many addresses cannot turn away a viewer that sends its token in the first message either.
/// </summary>
internal sealed class SessionAdmission(int maxSessions, int maxPending, int maxPendingPerAddress)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _pendingByAddress = new(StringComparer.Ordinal);
    private readonly LinkedList<SessionTicket> _waiting = new();

    public SessionSlots Sessions { get; } = new(maxSessions);

    public int Pending
    {
        get
        {
            lock (_lock)
            {
                return _waiting.Count;
            }
        }
    }

    public int MaxPending => maxPending;

    public int MaxPendingPerAddress => maxPendingPerAddress;

    /// <summary>A session slot for a socket that authenticated before the upgrade; null when all are taken.</summary>
    public SessionTicket? TryAdmitAuthenticated() => Sessions.TryTake() ? new SessionTicket(this) : null;

    /// <summary>
    /// A waiting slot for a socket without a token yet; null (and why) when its address has too many. When the server
    /// has too many, the longest-waiting socket is evicted (its <see cref="SessionTicket.Evicted"/> completes).
    /// </summary>
    public SessionTicket? TryAdmitPending(string client, out string refusal)
    {
        SessionTicket? evicted = null;
        SessionTicket ticket;
        lock (_lock)
        {
            var ofAddress = _pendingByAddress.GetValueOrDefault(client);
            if (ofAddress >= maxPendingPerAddress)
            {
                refusal = $"this address already has {maxPendingPerAddress} connections waiting for authentication (signaling.websocket.max_unauthenticated_per_address)";
                return null;
            }

            if (_waiting.Count >= maxPending)
            {
                evicted = _waiting.First!.Value;
                RemoveWaiting(evicted);
            }

            ticket = new SessionTicket(this, client);
            ticket.Node = _waiting.AddLast(ticket);
            _pendingByAddress[client] = _pendingByAddress.GetValueOrDefault(client) + 1;
        }

        evicted?.MarkEvicted();
        refusal = string.Empty;
        return ticket;
    }

    internal void ReleasePending(SessionTicket ticket)
    {
        lock (_lock)
        {
            RemoveWaiting(ticket);
        }
    }

    private void RemoveWaiting(SessionTicket ticket)
    {
        if (ticket.Node is not { } node)
        {
            return; // promoted, released or evicted already
        }

        _waiting.Remove(node);
        ticket.Node = null;
        var left = _pendingByAddress[ticket.Client!] - 1;
        if (left == 0)
        {
            _pendingByAddress.Remove(ticket.Client!);
        }
        else
        {
            _pendingByAddress[ticket.Client!] = left;
        }
    }
}

/// <summary>
/// The slot one socket holds: a waiting slot until it authenticates (<see cref="TryPromote"/>), then a session slot.
/// Disposing releases whichever it holds. A waiting slot may be taken back for a newer socket (<see cref="Evicted"/>).
/// </summary>
internal sealed class SessionTicket : IDisposable
{
    private readonly SessionAdmission _admission;
    private readonly TaskCompletionSource _evicted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _holdsSession;

    internal SessionTicket(SessionAdmission admission, string? pendingClient = null)
    {
        _admission = admission;
        Client = pendingClient;
        _holdsSession = pendingClient is null;
    }

    public bool HoldsSession => _holdsSession;

    /// <summary>Completes when the waiting slot was given to a newer socket: this one should close (1013).</summary>
    public Task Evicted => _evicted.Task;

    /// <summary>The address a waiting slot is counted against; null for a socket that authenticated on upgrade.</summary>
    internal string? Client { get; }

    /// <summary>This ticket's place in the admission's waiting list, under its lock; null once it waits no more.</summary>
    internal LinkedListNode<SessionTicket>? Node { get; set; }

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
        _admission.ReleasePending(this);
        return true;
    }

    public void Dispose()
    {
        _admission.ReleasePending(this);
        if (_holdsSession)
        {
            _holdsSession = false;
            _admission.Sessions.Release();
        }
    }

    internal void MarkEvicted() => _evicted.TrySetResult();
}
