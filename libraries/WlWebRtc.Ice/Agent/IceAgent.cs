using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using WlWebRtc.Ice.Sockets;
using WlWebRtc.Ice.Stun;

namespace WlWebRtc.Ice.Agent;

/// <summary>
/// A full ICE agent (RFC 8445) for one data stream with one component (RTP and RTCP muxed): candidates and
/// priorities, pairing with the pruning of section 6.1.2.4 (server-reflexive locals pair through their base),
/// paced checks every Ta, triggered checks, roles with tie-breaker and 487 conflicts, peer-reflexive candidates,
/// regular nomination, and consent freshness on the selected pair (RFC 7675).
/// </summary>
/// <remarks>
/// Transport-agnostic: it sends through <see cref="IIceSocket"/>s and is fed by <see cref="Receive"/>, so tests drive
/// it with in-memory sockets and a fake <see cref="TimeProvider"/>. One lock guards all state; events are raised
/// after the lock is released.
/// </remarks>
public sealed partial class IceAgent : IDisposable
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly StunClientTransactions _transactions;
    private readonly List<LocalCandidate> _locals = [];
    private readonly List<IceCandidate> _remotes = [];
    private readonly List<IceCandidatePair> _checkList = [];
    private readonly List<IceCandidatePair> _valid = [];
    private readonly Queue<(IceCandidatePair Pair, bool UseCandidate)> _triggered = new();
    private readonly List<Action> _pendingEvents = [];
    private byte[] _localKey;
    private int _generation;
    private IceCandidatePair? _previousSelected;
    private byte[]? _remoteKey;
    private string? _remoteUfrag;
    private bool _remoteComplete;
    private int _prflxCounter;
    private long _nominationCounter;
    private ITimer? _timer;
    private IceAgentState _state = IceAgentState.New;
    private IceCredentials _localCredentials = null!;
    private IceCandidatePair? _selected;
    private IceCandidatePair? _nominating;
    private long? _firstValidAt;
    private long _lastConsentAt;
    private long _nextConsentAt;

    public IceAgent(IceRole role, IceAgentOptions? options = null, TimeProvider? time = null, ILogger? logger = null, IceCredentials? localCredentials = null, ulong? tieBreaker = null)
    {
        Options = options ?? IceAgentOptions.Default;
        var errors = Options.Validate("ice");
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid ICE options: " + string.Join(" ", errors), nameof(options));
        }

        Role = role;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        LocalCredentials = localCredentials ?? IceCredentials.Generate();
        _localKey = StunIntegrity.ShortTermKey(LocalCredentials.Pwd);
        TieBreaker = tieBreaker ?? BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));
        _transactions = new StunClientTransactions(_time);
    }

    public IceAgentOptions Options { get; }

    /// <summary>This agent's ufrag and password (new ones after <see cref="Restart"/>).</summary>
    public IceCredentials LocalCredentials
    {
        get
        {
            lock (_lock)
            {
                return _localCredentials;
            }
        }

        private set => _localCredentials = value;
    }

    public ulong TieBreaker { get; }

    public IceRole Role { get; private set; }

    public IceAgentState State
    {
        get
        {
            lock (_lock)
            {
                return _state;
            }
        }
    }

    /// <summary>The nominated pair media goes over, or null.</summary>
    public IceCandidatePair? SelectedPair
    {
        get
        {
            lock (_lock)
            {
                return _selected;
            }
        }
    }

    public IReadOnlyList<IceCandidate> LocalCandidates
    {
        get
        {
            lock (_lock)
            {
                return [.. _locals.Select(l => l.Candidate)];
            }
        }
    }

    public IReadOnlyList<IceCandidate> RemoteCandidates
    {
        get
        {
            lock (_lock)
            {
                return [.. _remotes];
            }
        }
    }

    /// <summary>A snapshot of the check list, highest priority first.</summary>
    public IReadOnlyList<IceCandidatePair> CheckList
    {
        get
        {
            lock (_lock)
            {
                return [.. _checkList];
            }
        }
    }

    public event Action<IceAgentState>? StateChanged;

    public event Action<IceCandidatePair>? SelectedPairChanged;

    /// <summary>A candidate to signal to the peer (trickle); peer-reflexive ones are not signaled.</summary>
    public event Action<IceCandidate>? LocalCandidateGathered;

    /// <summary>The role changed after a conflict (RFC 8445 section 7.3.1.1 or 7.2.5.1).</summary>
    public event Action<IceRole>? RoleChanged;

    /// <summary>Adds a host candidate sending through <paramref name="socket"/>.</summary>
    public IceCandidate AddHostCandidate(IIceSocket socket, ushort localPreference = 65535)
    {
        ArgumentNullException.ThrowIfNull(socket);
        var address = StunAddress.Normalize(socket.LocalEndPoint);
        var candidate = new IceCandidate(
            IcePriority.Foundation(IceCandidateType.Host, address.Address, null),
            1,
            IcePriority.Candidate(IceCandidateType.Host, localPreference, 1),
            address,
            IceCandidateType.Host);
        AddLocal(new LocalCandidate(candidate, socket, localPreference), signal: true);
        return candidate;
    }

    /// <summary>Adds the relayed candidate of a TURN allocation (<paramref name="relay"/> sends from the relayed address).</summary>
    public IceCandidate AddRelayedCandidate(IIceSocket relay, IPEndPoint mappedAddress, IPAddress turnServer, ushort localPreference = 65535)
    {
        ArgumentNullException.ThrowIfNull(relay);
        ArgumentNullException.ThrowIfNull(turnServer);
        var address = StunAddress.Normalize(relay.LocalEndPoint);
        var candidate = new IceCandidate(
            IcePriority.Foundation(IceCandidateType.Relayed, address.Address, turnServer),
            1,
            IcePriority.Candidate(IceCandidateType.Relayed, localPreference, 1),
            address,
            IceCandidateType.Relayed,
            mappedAddress);
        AddLocal(new LocalCandidate(candidate, relay, localPreference), signal: true);
        return candidate;
    }

    /// <summary>
    /// Asks <paramref name="stunServer"/> what <paramref name="socket"/> looks like from outside and adds the
    /// server-reflexive candidate (null when it equals the host address: no NAT). Responses come in through <see cref="Receive"/>.
    /// </summary>
    public async Task<IceCandidate?> GatherServerReflexiveAsync(IIceSocket socket, IPEndPoint stunServer, ushort localPreference = 65535, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(stunServer);
        var request = StunMessageBuilder.Request(StunMethod.Binding).Build();
        var response = await _transactions.SendAsync(request, b => socket.Send(b, stunServer), reliable: false, Options.GatheringRetransmission, null, cancellationToken);
        if (response.Class != StunClass.SuccessResponse)
        {
            var error = response.Error;
            throw new StunErrorResponseException(error?.Code ?? 400, error?.Reason ?? "", $"STUN server {stunServer} answered the binding request with {error?.Code} {error?.Reason}.");
        }

        var mapped = response.XorMappedAddress ?? response.MappedAddress ?? throw new StunParseException($"STUN server {stunServer} answered without a mapped address.");
        var baseAddress = StunAddress.Normalize(socket.LocalEndPoint);
        mapped = StunAddress.Normalize(mapped);
        if (mapped.Equals(baseAddress))
        {
            return null;
        }

        var candidate = new IceCandidate(
            IcePriority.Foundation(IceCandidateType.ServerReflexive, baseAddress.Address, stunServer.Address),
            1,
            IcePriority.Candidate(IceCandidateType.ServerReflexive, localPreference, 1),
            mapped,
            IceCandidateType.ServerReflexive,
            baseAddress);
        AddLocal(new LocalCandidate(candidate, socket, localPreference), signal: true);
        return candidate;
    }

    public void SetRemoteCredentials(string ufrag, string pwd)
    {
        ArgumentException.ThrowIfNullOrEmpty(ufrag);
        ArgumentException.ThrowIfNullOrEmpty(pwd);
        lock (_lock)
        {
            _remoteUfrag = ufrag;
            _remoteKey = StunIntegrity.ShortTermKey(pwd);
        }
    }

    /// <summary>Adds a remote candidate (from the offer/answer or trickled) and pairs it with the local ones.</summary>
    public void AddRemoteCandidate(IceCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        candidate = candidate with { EndPoint = StunAddress.Normalize(candidate.EndPoint) };
        RunLocked(() =>
        {
            if (candidate.Component != 1 || _remotes.Any(r => r.EndPoint.Equals(candidate.EndPoint)))
            {
                return;
            }

            _remotes.Add(candidate);
            foreach (var local in _locals)
            {
                TryAddPair(local, candidate);
            }

            UpdateFrozen();
        });
    }

    /// <summary>The peer signaled end-of-candidates: when every pair has failed, the agent fails.</summary>
    public void SetRemoteCandidatesComplete() => RunLocked(() =>
    {
        _remoteComplete = true;
        CheckForFailure();
    });

    /// <summary>Starts the paced checks (remote credentials are needed before the first check goes out).</summary>
    public void Start() => RunLocked(() =>
    {
        if (_state != IceAgentState.New)
        {
            return;
        }

        SetState(IceAgentState.Checking);
        _timer = _time.CreateTimer(static s => ((IceAgent)s!).Contained(((IceAgent)s!).OnTick), this, Options.Ta, Options.Ta);
    });

    /// <summary>
    /// ICE restart (RFC 8445 section 9): new local credentials, the remote side's to come with its new candidates;
    /// local host, server-reflexive and relayed candidates stay, everything learned from the peer goes. Media keeps
    /// flowing on the previously selected pair (<see cref="SendOnSelectedPair"/>) until a new pair is selected.
    /// Returns the new credentials, to signal.
    /// </summary>
    public IceCredentials Restart(IceCredentials? newCredentials = null)
    {
        var credentials = newCredentials ?? IceCredentials.Generate();
        RunLocked(() =>
        {
            if (_state is IceAgentState.Closed or IceAgentState.New)
            {
                throw new InvalidOperationException($"An ICE restart needs a started agent that is not closed (state {_state}).");
            }

            _generation++;
            _localCredentials = credentials;
            _localKey = StunIntegrity.ShortTermKey(credentials.Pwd);
            _remoteUfrag = null;
            _remoteKey = null;
            _remoteComplete = false;
            _remotes.Clear();
            _checkList.Clear();
            _valid.Clear();
            _triggered.Clear();
            _nominating = null;
            _firstValidAt = null;
            _locals.RemoveAll(l => l.Candidate.Type == IceCandidateType.PeerReflexive);
            _previousSelected = _state == IceAgentState.Connected ? _selected : null;
            _selected = null;
            SetState(IceAgentState.Checking);
            if (_timer is null)
            {
                _timer = _time.CreateTimer(static s => ((IceAgent)s!).Contained(((IceAgent)s!).OnTick), this, Options.Ta, Options.Ta);
            }
            else
            {
                _timer.Change(Options.Ta, Options.Ta);
            }
        });
        return credentials;
    }

    /// <summary>
    /// Hands a datagram that arrived on <paramref name="socket"/> to the agent. Returns true if it was STUN (consumed,
    /// even when dropped as invalid); false for anything else (DTLS, RTP), which stays the caller's.
    /// </summary>
    public bool Receive(IIceSocket socket, IPEndPoint remote, ReadOnlySpan<byte> datagram)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(remote);
        if (!StunMessage.LooksLikeStun(datagram))
        {
            return false;
        }

        if (!StunMessage.TryParse(datagram, out var message) || message is null)
        {
            return true;
        }

        remote = StunAddress.Normalize(remote);
        try
        {
            switch (message.Class)
            {
                case StunClass.SuccessResponse or StunClass.ErrorResponse:
                    _transactions.TryComplete(message, new Arrival(socket, remote));
                    break;
                case StunClass.Request when message.Method == StunMethod.Binding:
                    RunLocked(() => HandleRequest(socket, remote, message));
                    break;
                default:
                    break; // binding indications are keepalives; nothing else is ours
            }
        }
        catch (StunParseException e)
        {
            Log.RequestRejected(_logger, remote, e.Message);
        }

        return true;
    }

    /// <summary>Sends application data (DTLS, SRTP) on the selected pair. False when none is selected.</summary>
    public bool SendOnSelectedPair(ReadOnlySpan<byte> datagram)
    {
        IceCandidatePair? selected;
        lock (_lock)
        {
            selected = _state switch
            {
                IceAgentState.Connected => _selected,
                IceAgentState.Checking => _previousSelected, // during a restart
                _ => null,
            };
        }

        if (selected is null)
        {
            return false;
        }

        selected.Socket.Send(datagram, selected.Remote.EndPoint);
        return true;
    }

    public void Close() => RunLocked(() =>
    {
        _timer?.Dispose();
        _timer = null;
        _triggered.Clear();
        if (_state != IceAgentState.Closed)
        {
            SetState(IceAgentState.Closed);
        }
    });

    public void Dispose()
    {
        Close();
        _transactions.Dispose();
    }

    private void AddLocal(LocalCandidate local, bool signal) => RunLocked(() =>
    {
        if (_locals.Any(l => l.Candidate.EndPoint.Equals(local.Candidate.EndPoint) && l.Socket == local.Socket && l.Candidate.Type == local.Candidate.Type))
        {
            return;
        }

        _locals.Add(local);
        foreach (var remote in _remotes)
        {
            TryAddPair(local, remote);
        }

        UpdateFrozen();
        if (signal && LocalCandidateGathered is { } handler)
        {
            _pendingEvents.Add(() => handler(local.Candidate));
        }
    });

    /// <summary>Runs <paramref name="body"/> under the lock, then raises the events it queued.</summary>
    private void RunLocked(Action body)
    {
        List<Action>? events = null;
        lock (_lock)
        {
            body();
            if (_pendingEvents.Count > 0)
            {
                events = [.. _pendingEvents];
                _pendingEvents.Clear();
            }
        }

        if (events is not null)
        {
            foreach (var e in events)
            {
                Contained(e);
            }
        }
    }

    /// <summary>Runs work on a timer thread or a subscriber's handler, where an escaping exception would end the process.</summary>
    private void Contained(Action action)
    {
        try
        {
            action();
        }
        catch (Exception e)
        {
            // Catch-all on purpose (see CONTRIBUTING.md, containment): timer callbacks and event subscribers run on
            // pool threads where an exception is fatal; the agent logs it and goes on.
            Log.Unexpected(_logger, _localCredentials.Ufrag, e);
        }
    }

    private void SetState(IceAgentState state)
    {
        if (_state == state)
        {
            return;
        }

        _state = state;
        Log.StateChanged(_logger, _localCredentials.Ufrag, state);
        if (StateChanged is { } handler)
        {
            _pendingEvents.Add(() => handler(state));
        }
    }

    private sealed record Arrival(IIceSocket Socket, IPEndPoint Remote);

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.IceStateChanged, Level = LogLevel.Debug, Message = "ICE agent {Ufrag}: {State}")]
        public static partial void StateChanged(ILogger logger, string ufrag, IceAgentState state);

        [LoggerMessage(EventId = EventIds.IceRoleSwitched, Level = LogLevel.Information, Message = "ICE agent {Ufrag}: role conflict resolved, now {Role}")]
        public static partial void RoleSwitched(ILogger logger, string ufrag, IceRole role);

        [LoggerMessage(EventId = EventIds.IcePairSelected, Level = LogLevel.Information, Message = "ICE agent {Ufrag}: selected {Pair}")]
        public static partial void PairSelected(ILogger logger, string ufrag, IceCandidatePair pair);

        [LoggerMessage(EventId = EventIds.IceConsentLost, Level = LogLevel.Warning, Message = "ICE agent {Ufrag}: no consent on {Pair} for {Seconds} s (RFC 7675): failed")]
        public static partial void ConsentLost(ILogger logger, string ufrag, IceCandidatePair pair, double seconds);

        [LoggerMessage(EventId = EventIds.IceRequestRejected, Level = LogLevel.Debug, Message = "ICE binding request from {Remote} rejected: {Reason}")]
        public static partial void RequestRejected(ILogger logger, IPEndPoint remote, string reason);

        [LoggerMessage(EventId = EventIds.IceUnexpected, Level = LogLevel.Error, Message = "ICE agent {Ufrag}: unexpected failure in a timer or event handler")]
        public static partial void Unexpected(ILogger logger, string ufrag, Exception exception);

        [LoggerMessage(EventId = EventIds.IcePeerReflexive, Level = LogLevel.Debug, Message = "ICE agent {Ufrag}: peer-reflexive {Kind} candidate {EndPoint}")]
        public static partial void PeerReflexive(ILogger logger, string ufrag, string kind, IPEndPoint endPoint);
    }
}
