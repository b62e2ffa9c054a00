using System.Net;
using WlWebRtc.Ice.Stun;
using WlWebRtc.Transport.WebRtc.Sdp;

namespace WlWebRtc.Transport.WebRtc.Ice;

/// <summary>
/// The ICE-lite side of one session (RFC 8445 section 2.5): answers binding requests that carry our ufrag
/// and a valid MESSAGE-INTEGRITY, takes the pair the controlling agent nominates with USE-CANDIDATE, and
/// tracks consent (RFC 7675): without an authentic check on the selected pair for <see cref="ConsentTimeout"/>
/// the session fails.
/// </summary>
/// <remarks>
/// A lite agent sends no checks of its own, so it cannot prove that a new address answers. What it can
/// require before moving media is what a full agent's valid list would hold: the new pair already had a
/// check answered (one authenticated request is not enough: a single spoofed packet must not redirect
/// media, RFC 8445 section 7.2.5.3.4), and either no pair was nominated yet or the current pair has been
/// silent (no check, no authenticated packet) for <see cref="PairSwitchSilence"/>. Remote candidates are
/// kept for at most <see cref="MaxRemoteCandidates"/> addresses; the oldest non-selected one is evicted
/// for a new one, and those not refreshed within <see cref="ConsentTimeout"/> expire.
/// </remarks>
internal sealed class IceLiteAgent : ISessionIce
{
    /// <summary>Remote addresses remembered per session (a browser offers a handful; each costs a demultiplexer entry).</summary>
    public const int MaxRemoteCandidates = 16;

    private readonly Lock _lock = new();
    private byte[] _localKey;
    private readonly TimeProvider _time;
    private readonly List<RemoteCandidate> _candidates = [];
    private string? _remoteUfrag;
    private SelectedPair? _selected;
    private RemoteCandidate? _selectedCandidate;
    private bool _nominated;
    private long _lastConsentTimestamp;
    private IceConnectionState _state = IceConnectionState.New;

    private IceCredentials _local;

    public IceLiteAgent(IceCredentials local, TimeProvider time)
    {
        _local = local;
        _localKey = System.Text.Encoding.UTF8.GetBytes(local.Pwd);
        _time = time;
    }

    public IceCredentials Local
    {
        get
        {
            lock (_lock)
            {
                return _local;
            }
        }
    }

    /// <summary>ICE restarts so far (each one new credentials on both sides).</summary>
    public int Restarts { get; private set; }

    /// <summary>No authentic check for this long: Disconnected.</summary>
    public TimeSpan DisconnectedTimeout { get; init; } = TimeSpan.FromSeconds(6);

    /// <summary>No authentic check for this long: Failed (RFC 7675: 30 s).</summary>
    public TimeSpan ConsentTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a nominated pair must have been silent before a nomination may move media elsewhere.</summary>
    public TimeSpan PairSwitchSilence { get; init; } = TimeSpan.FromSeconds(3);

    public IceConnectionState State
    {
        get
        {
            lock (_lock)
            {
                return _state;
            }
        }
    }

    /// <summary>The pair media goes to: the first validated one, then the one the peer nominates under the rules above.</summary>
    public SelectedPair? Selected => Volatile.Read(ref _selected);

    public bool IsNominated => Volatile.Read(ref _nominated);

    public long ChecksAnswered { get; private set; }

    public long ChecksRejected { get; private set; }

    /// <summary>Nominations that asked to move media and were refused (unvalidated pair, or the current pair still alive).</summary>
    public long SwitchesRefused { get; private set; }

    /// <summary>Remote addresses currently remembered (at most <see cref="MaxRemoteCandidates"/>).</summary>
    public int RemoteCandidateCount
    {
        get
        {
            lock (_lock)
            {
                return _candidates.Count;
            }
        }
    }

    public event Action<IceConnectionState>? StateChanged;

    /// <summary>A remote address was forgotten (evicted or expired): its 5-tuple must no longer reach this session.</summary>
    public event Action<IDatagramSender, SocketAddress>? CandidateRemoved;

    public bool IsLite => true;

    /// <summary>A lite agent learns the peer's addresses from its checks: only the ufrag is needed.</summary>
    public void Start(RemoteTransport remote) => SetRemoteUfrag(remote.Ufrag);

    /// <summary>A lite agent does not check remote candidates: the controlling peer's checks reveal its address.</summary>
    public void AddRemoteCandidate(SdpCandidate? candidate)
    {
    }

    /// <summary>A lite agent sends no requests, so no response is ever its own.</summary>
    public void HandleResponse(IDatagramSender local, SocketAddress remote, StunMessage response)
    {
    }

    public void SendToSelected(ReadOnlySpan<byte> datagram)
    {
        if (Selected is { } pair)
        {
            pair.Local.Send(datagram, pair.Remote);
        }
    }

    public ValueTask DisposeAsync()
    {
        Close();
        return ValueTask.CompletedTask;
    }

    public void SetRemoteUfrag(string ufrag)
    {
        lock (_lock)
        {
            _remoteUfrag = ufrag;
            if (_state == IceConnectionState.New)
            {
                _state = IceConnectionState.Checking;
                _lastConsentTimestamp = _time.GetTimestamp();
            }
        }
    }

    /// <summary>True if <paramref name="remote"/> on <paramref name="local"/> is the selected pair (the only source media, RTCP and DTLS are taken from).</summary>
    public bool IsSelected(IDatagramSender local, SocketAddress remote) => Volatile.Read(ref _selected)?.Matches(local, remote) == true;

    /// <summary>An authenticated packet (SRTCP, DTLS data) arrived on the selected pair: it is alive, whatever STUN says.</summary>
    public void NoteSelectedPairTraffic()
    {
        lock (_lock)
        {
            if (_selectedCandidate is { } c)
            {
                c.LastHeard = _time.GetTimestamp();
            }
        }
    }

    /// <summary>Checks and answers a binding request. Returns false (and sends nothing, or a 4xx) for unauthentic ones.</summary>
    public bool HandleBindingRequest(IDatagramSender local, SocketAddress remote, StunMessage request)
    {
        try
        {
            return HandleBindingRequestCore(local, remote, request);
        }
        catch (StunParseException)
        {
            // A malformed attribute (the accessors parse lazily) is a bad check, not a fault of the session.
            lock (_lock)
            {
                ChecksRejected++;
            }

            return false;
        }
    }

    private bool HandleBindingRequestCore(IDatagramSender local, SocketAddress remote, StunMessage request)
    {
        string? expectedUsername;
        byte[] localKey;
        lock (_lock)
        {
            if (_state is IceConnectionState.Failed or IceConnectionState.Closed || _remoteUfrag is null)
            {
                ChecksRejected++;
                return false;
            }

            expectedUsername = _local.Ufrag + ":" + _remoteUfrag;
            localKey = _localKey;
        }

        if (request.Username != expectedUsername || !request.HasIntegrity || !request.VerifyIntegrity(localKey) ||
            (request.HasFingerprint && !request.VerifyFingerprint()))
        {
            lock (_lock)
            {
                ChecksRejected++;
            }

            return false; // RFC 8489: a request failing integrity is answered 401 or dropped; we drop (cheaper, reveals nothing)
        }

        if (request.IceControlling is null)
        {
            // A lite agent is always controlled; a controlled peer would be a role conflict we cannot resolve.
            Send(local, remote, new StunMessageBuilder(StunMethod.Binding, StunClass.ErrorResponse, request.TransactionId.Span).AddErrorCode(StunErrorCodes.RoleConflict, "Role Conflict").Build(localKey));
            lock (_lock)
            {
                ChecksRejected++;
            }

            return false;
        }

        var removed = new List<RemoteCandidate>();
        IceConnectionState? changed = null;
        IPEndPoint mapped;
        lock (_lock)
        {
            ChecksAnswered++;
            var now = _time.GetTimestamp();
            ExpireStale(now, removed);
            var candidate = Find(local, remote) ?? Add(local, remote, now, removed);
            mapped = candidate.EndPoint;
            var validated = candidate.Checks > 0; // we answered this pair before: the peer saw our response on it
            candidate.Checks++;
            candidate.LastHeard = now;
            var useCandidate = request.Has(StunAttributeType.UseCandidate);
            if (_selectedCandidate is null)
            {
                Select(candidate);
                _nominated = useCandidate;
            }
            else if (ReferenceEquals(candidate, _selectedCandidate))
            {
                _nominated |= useCandidate;
            }
            else if (validated && (useCandidate || !_nominated) &&
                ((useCandidate && !_nominated) || _time.GetElapsedTime(_selectedCandidate.LastHeard, now) >= PairSwitchSilence))
            {
                Select(candidate);
                _nominated |= useCandidate;
            }
            else if (useCandidate)
            {
                SwitchesRefused++;
            }

            if (ReferenceEquals(candidate, _selectedCandidate))
            {
                _lastConsentTimestamp = now; // consent (RFC 7675) is per pair: only the selected pair's checks keep it
            }

            if (_state is IceConnectionState.Checking or IceConnectionState.Disconnected && ReferenceEquals(candidate, _selectedCandidate))
            {
                _state = IceConnectionState.Connected;
                changed = _state;
            }
        }

        // Answer after the pair is recorded: the peer's DTLS follows the response within milliseconds.
        var response = new StunMessageBuilder(StunMethod.Binding, StunClass.SuccessResponse, request.TransactionId.Span)
            .AddXorAddress(StunAttributeType.XorMappedAddress, mapped)
            .Build(localKey);
        Send(local, remote, response);
        RaiseRemoved(removed);
        if (changed is { } s)
        {
            StateChanged?.Invoke(s);
        }

        return true;
    }

    /// <summary>Called periodically: moves to Disconnected, then Failed, when consent is not refreshed; expires stale candidates.</summary>
    public void CheckConsent()
    {
        IceConnectionState? changed = null;
        var removed = new List<RemoteCandidate>();
        lock (_lock)
        {
            if (_state is IceConnectionState.New or IceConnectionState.Failed or IceConnectionState.Closed)
            {
                return;
            }

            ExpireStale(_time.GetTimestamp(), removed);
            var silent = _time.GetElapsedTime(_lastConsentTimestamp);
            if (silent >= ConsentTimeout)
            {
                _state = IceConnectionState.Failed;
                changed = _state;
            }
            else if (silent >= DisconnectedTimeout && _state == IceConnectionState.Connected)
            {
                _state = IceConnectionState.Disconnected;
                changed = _state;
            }
        }

        RaiseRemoved(removed);
        if (changed is { } s)
        {
            StateChanged?.Invoke(s);
        }
    }

    /// <summary>
    /// ICE restart: new credentials on both sides. Media stays on the selected pair; every remembered address must be
    /// validated again (two authentic checks with the new credentials) and the first nomination after the restart may
    /// move media at once (the restart says the old path may be gone), so a viewer whose address changed is back within
    /// a round trip or two. Consent is refreshed: the restart itself came authenticated through signaling.
    /// </summary>
    public void Restart(IceCredentials local, RemoteTransport remote)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(remote);
        lock (_lock)
        {
            if (_state is IceConnectionState.Failed or IceConnectionState.Closed)
            {
                throw new InvalidOperationException($"An ICE restart needs a live agent (state {_state}).");
            }

            _local = local;
            _localKey = System.Text.Encoding.UTF8.GetBytes(local.Pwd);
            _remoteUfrag = remote.Ufrag;
            _nominated = false;
            foreach (var candidate in _candidates)
            {
                candidate.Checks = 0;
            }

            _lastConsentTimestamp = _time.GetTimestamp();
            if (_state == IceConnectionState.New)
            {
                _state = IceConnectionState.Checking;
            }

            Restarts++;
        }
    }

    public void Close()
    {
        lock (_lock)
        {
            _state = IceConnectionState.Closed;
        }
    }

    private static void Send(IDatagramSender local, SocketAddress remote, byte[] message) => local.Send(message, remote);

    private RemoteCandidate? Find(IDatagramSender local, SocketAddress remote)
    {
        foreach (var c in _candidates)
        {
            if (ReferenceEquals(c.Local, local) && c.Remote.Equals(remote))
            {
                return c;
            }
        }

        return null;
    }

    private RemoteCandidate Add(IDatagramSender local, SocketAddress remote, long now, List<RemoteCandidate> removed)
    {
        if (_candidates.Count >= MaxRemoteCandidates)
        {
            RemoteCandidate? oldest = null;
            foreach (var c in _candidates)
            {
                if (!ReferenceEquals(c, _selectedCandidate) && (oldest is null || c.LastHeard < oldest.LastHeard))
                {
                    oldest = c;
                }
            }

            _candidates.Remove(oldest!);
            removed.Add(oldest!);
        }

        // A copy: the caller reuses its SocketAddress for the next datagram.
        var copy = new SocketAddress(remote.Family, remote.Size);
        remote.Buffer.CopyTo(copy.Buffer);
        var endPoint = remote.Family == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? (IPEndPoint)new IPEndPoint(IPAddress.IPv6Any, 0).Create(copy)
            : (IPEndPoint)new IPEndPoint(IPAddress.Any, 0).Create(copy);
        var candidate = new RemoteCandidate(local, copy, endPoint) { LastHeard = now };
        _candidates.Add(candidate);
        return candidate;
    }

    private void ExpireStale(long now, List<RemoteCandidate> removed)
    {
        for (var i = _candidates.Count - 1; i >= 0; i--)
        {
            var c = _candidates[i];
            if (!ReferenceEquals(c, _selectedCandidate) && _time.GetElapsedTime(c.LastHeard, now) >= ConsentTimeout)
            {
                _candidates.RemoveAt(i);
                removed.Add(c);
            }
        }
    }

    private void Select(RemoteCandidate candidate)
    {
        _selectedCandidate = candidate;
        Volatile.Write(ref _selected, new SelectedPair(candidate.Local, candidate.Remote, candidate.EndPoint));
    }

    private void RaiseRemoved(List<RemoteCandidate> removed)
    {
        foreach (var c in removed)
        {
            CandidateRemoved?.Invoke(c.Local, c.Remote);
        }
    }

    /// <summary>One remote address that passed an authenticated check, on one local socket.</summary>
    private sealed class RemoteCandidate(IDatagramSender local, SocketAddress remote, IPEndPoint endPoint)
    {
        public IDatagramSender Local { get; } = local;

        public SocketAddress Remote { get; } = remote;

        public IPEndPoint EndPoint { get; } = endPoint;

        public long Checks { get; set; }

        /// <summary>Timestamp of the last authenticated check (or, for the selected pair, authenticated packet).</summary>
        public long LastHeard { get; set; }
    }
}

/// <summary>The candidate pair media flows on.</summary>
internal sealed record SelectedPair(IDatagramSender Local, SocketAddress Remote, IPEndPoint RemoteEndPoint)
{
    public bool Matches(IDatagramSender local, SocketAddress remote) => ReferenceEquals(Local, local) && Remote.Equals(remote);
}
