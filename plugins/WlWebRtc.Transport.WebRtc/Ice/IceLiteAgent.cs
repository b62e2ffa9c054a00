using System.Net;
using WlWebRtc.Transport.WebRtc.Stun;

namespace WlWebRtc.Transport.WebRtc.Ice;

/// <summary>
/// The ICE-lite side of one session (RFC 8445 section 2.5): answers binding requests that carry our ufrag
/// and a valid MESSAGE-INTEGRITY, takes the pair the controlling agent nominates with USE-CANDIDATE, and
/// tracks consent (RFC 7675): without an authentic check for <see cref="ConsentTimeout"/> the session fails.
/// </summary>
internal sealed class IceLiteAgent
{
    private readonly Lock _lock = new();
    private readonly byte[] _localKey;
    private readonly TimeProvider _time;
    private string? _remoteUfrag;
    private SelectedPair? _selected;
    private bool _nominated;
    private long _lastConsentTimestamp;
    private IceConnectionState _state = IceConnectionState.New;

    public IceLiteAgent(IceCredentials local, TimeProvider time)
    {
        Local = local;
        _localKey = System.Text.Encoding.UTF8.GetBytes(local.Pwd);
        _time = time;
    }

    public IceCredentials Local { get; }

    /// <summary>No authentic check for this long: Disconnected.</summary>
    public TimeSpan DisconnectedTimeout { get; init; } = TimeSpan.FromSeconds(6);

    /// <summary>No authentic check for this long: Failed (RFC 7675: 30 s).</summary>
    public TimeSpan ConsentTimeout { get; init; } = TimeSpan.FromSeconds(30);

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

    /// <summary>The pair media goes to: the nominated one, or before nomination the last that passed a check.</summary>
    public SelectedPair? Selected => Volatile.Read(ref _selected);

    public bool IsNominated => Volatile.Read(ref _nominated);

    public long ChecksAnswered { get; private set; }

    public long ChecksRejected { get; private set; }

    public event Action<IceConnectionState>? StateChanged;

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

    /// <summary>Checks and answers a binding request. Returns false (and sends nothing, or a 4xx) for unauthentic ones.</summary>
    public bool HandleBindingRequest(IDatagramSender local, SocketAddress remote, StunMessage request)
    {
        string? expectedUsername;
        lock (_lock)
        {
            if (_state is IceConnectionState.Failed or IceConnectionState.Closed || _remoteUfrag is null)
            {
                ChecksRejected++;
                return false;
            }

            expectedUsername = Local.Ufrag + ":" + _remoteUfrag;
        }

        if (request.Username != expectedUsername || !request.HasIntegrity || !request.VerifyIntegrity(_localKey) ||
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
            Send(local, remote, new StunMessageBuilder(StunMessageType.BindingError, request.TransactionId).AddErrorCode(487, "Role Conflict").Build(_localKey));
            lock (_lock)
            {
                ChecksRejected++;
            }

            return false;
        }

        var mapped = remote.Family == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? (IPEndPoint)new IPEndPoint(IPAddress.IPv6Any, 0).Create(remote)
            : (IPEndPoint)new IPEndPoint(IPAddress.Any, 0).Create(remote);
        IceConnectionState? changed = null;
        lock (_lock)
        {
            ChecksAnswered++;
            _lastConsentTimestamp = _time.GetTimestamp();
            var useCandidate = request.Has(StunAttributeType.UseCandidate);
            if (useCandidate || !_nominated)
            {
                if (_selected is null || !_selected.Matches(local, remote))
                {
                    var copy = new SocketAddress(remote.Family, remote.Size);
                    remote.Buffer.CopyTo(copy.Buffer);
                    Volatile.Write(ref _selected, new SelectedPair(local, copy, mapped));
                }

                _nominated |= useCandidate;
            }

            if (_state is IceConnectionState.Checking or IceConnectionState.Disconnected && _selected is not null)
            {
                _state = IceConnectionState.Connected;
                changed = _state;
            }
        }

        // Answer after the pair is recorded: the peer's DTLS follows the response within milliseconds.
        var response = new StunMessageBuilder(StunMessageType.BindingSuccess, request.TransactionId)
            .AddXorMappedAddress(mapped)
            .Build(_localKey);
        Send(local, remote, response);
        if (changed is { } s)
        {
            StateChanged?.Invoke(s);
        }

        return true;
    }

    /// <summary>Called periodically: moves to Disconnected, then Failed, when consent is not refreshed.</summary>
    public void CheckConsent()
    {
        IceConnectionState? changed = null;
        lock (_lock)
        {
            if (_state is IceConnectionState.New or IceConnectionState.Failed or IceConnectionState.Closed)
            {
                return;
            }

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

        if (changed is { } s)
        {
            StateChanged?.Invoke(s);
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
}

/// <summary>The candidate pair media flows on.</summary>
internal sealed record SelectedPair(IDatagramSender Local, SocketAddress Remote, IPEndPoint RemoteEndPoint)
{
    public bool Matches(IDatagramSender local, SocketAddress remote) => ReferenceEquals(Local, local) && Remote.Equals(remote);
}
