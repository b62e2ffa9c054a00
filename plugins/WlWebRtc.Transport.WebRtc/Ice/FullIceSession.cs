using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using WlWebRtc.Ice.Agent;
using WlWebRtc.Ice.Sockets;
using WlWebRtc.Ice.Stun;
using WlWebRtc.Ice.Turn;
using WlWebRtc.Transport.WebRtc.IceServers;
using WlWebRtc.Transport.WebRtc.Plugin;
using WlWebRtc.Transport.WebRtc.Sdp;
using LibraryCredentials = WlWebRtc.Ice.Agent.IceCredentials;

namespace WlWebRtc.Transport.WebRtc.Ice;

/// <summary>
/// Full ICE for one session (RFC 8445) with the WlWebRtc.Ice agent: host candidates on the shared port (one
/// <see cref="SharedPortIceSocket"/> per local socket), server-reflexive ones through the STUN servers (asked from the
/// shared port, so the mapping is the one viewers reach), relayed ones through a TURN allocation of this session's
/// own. Controlled when the viewer offers, controlling when the server offers. Its checks' responses come back by
/// transaction id; once a pair is selected, its 5-tuple routes DTLS and SRTP to the session.
/// </summary>
internal sealed partial class FullIceSession : ISessionIce
{
    /// <summary>Most 5-tuples an authenticated peer may bind on the shared port (a browser checks from a handful).</summary>
    public const int MaxBoundTuples = 32;

    private readonly Lock _lock = new();
    private readonly SocketSet _sockets;
    private readonly IIcePacketSink _sink;
    private readonly IceServerSettings _servers;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ILoggerFactory _loggerFactory;
    private readonly CancellationTokenSource _gathering = new();
    private byte[] _localKey;
    private IceCredentials _local;
    private SharedPortIceSocket[] _hostSockets = []; // copy on write: the socket threads read it
    private readonly List<(TurnClient Client, TurnRelaySocket Relay, RelaySender Sender)> _relays = [];
    private readonly string _sessionId;
    private IceAgent? _agent;
    private SelectedPair? _selected;
    private readonly HashSet<SocketAddress> _boundTuples = [];
    private bool _closed;

    public FullIceSession(IceCredentials local, SocketSet sockets, IIcePacketSink sink, IceServerSettings servers, TimeProvider time, ILoggerFactory loggerFactory, string sessionId)
    {
        _local = local;
        _sockets = sockets;
        _sink = sink;
        _servers = servers;
        _time = time;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger("WlWebRtc.Transport.WebRtc.Ice");
        _localKey = StunIntegrity.ShortTermKey(local.Pwd);
        _sessionId = sessionId;
        _hostSockets = [.. sockets.Endpoints.Select(e => new SharedPortIceSocket(e, sockets.Demultiplexer, sink))];
    }

    public IceCredentials Local => Volatile.Read(ref _local);

    public bool IsLite => false;

    /// <summary>
    /// Only relayed candidates (<see cref="WlWebRtc.Transport.IceTransportPolicy.Relay"/>): no host or server-reflexive
    /// candidate is gathered, and checks arriving on the shared port are not this session's (the peer never learns this
    /// host's addresses, so whatever arrives there did not come through the relay).
    /// </summary>
    public bool RelayOnly { get; init; }

    public IceConnectionState State { get; private set; } = IceConnectionState.New;

    /// <summary>The library agent (null until <see cref="GatherAsync"/>); tests read its candidates and pairs.</summary>
    public IceAgent? Agent => Volatile.Read(ref _agent);

    public event Action<IceConnectionState>? StateChanged;

    /// <summary>
    /// Creates the agent in <paramref name="role"/> and gathers: host candidates at once, server-reflexive and relayed
    /// ones until <see cref="IceServerSettings.GatheringTimeout"/>. Without <paramref name="trickle"/> this waits for them
    /// (what has not arrived by then is left out of the SDP); with it, it returns once the host candidates are in and the
    /// others go to <paramref name="trickle"/> as they arrive, then end-of-candidates.
    /// </summary>
    public async Task GatherAsync(IceRole role, LocalCandidateTrickle? trickle, CancellationToken cancellationToken)
    {
        var agent = new IceAgent(role, IceAgentOptions.Default, _time, _loggerFactory.CreateLogger("WlWebRtc.Ice"), new LibraryCredentials(Local.Ufrag, Local.Pwd));
        agent.StateChanged += OnAgentStateChanged;
        agent.SelectedPairChanged += OnSelectedPairChanged;
        lock (_lock)
        {
            if (_closed || _agent is not null)
            {
                agent.Dispose();
                return;
            }

            _agent = agent;
        }

        var hosts = Volatile.Read(ref _hostSockets);
        for (var i = 0; !RelayOnly && i < hosts.Length; i++)
        {
            agent.AddHostCandidate(hosts[i], (ushort)(65535 - i));
        }

        if (trickle is null)
        {
            await GatherFromServersAsync(agent, cancellationToken).ConfigureAwait(false);
            return;
        }

        agent.LocalCandidateGathered += candidate =>
        {
            if (candidate.Type is IceCandidateType.ServerReflexive or IceCandidateType.Relayed && SdpCandidate.TryParse(candidate.ToSdp(), out var parsed, out _))
            {
                trickle.Add(parsed!);
            }
        };
        _ = TrickleFromServersAsync(agent, trickle);
    }

    private async Task TrickleFromServersAsync(IceAgent agent, LocalCandidateTrickle trickle)
    {
        try
        {
            await GatherFromServersAsync(agent, _gathering.Token).ConfigureAwait(false);
        }
// Catch-all on purpose (see CONTRIBUTING.md, containment): background gathering runs on no caller's stack; a fault ends only the trickle
        catch (Exception e)
        {
            Log.GatheringFailed(_logger, _sessionId, "the STUN/TURN servers", e.Message);
        }
        finally
        {
            trickle.Complete();
        }
    }

    private async Task GatherFromServersAsync(IceAgent agent, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _gathering.Token);
        timeout.CancelAfter(_servers.GatheringTimeout);
        var work = new List<Task>();
        foreach (var stun in RelayOnly ? [] : _servers.StunServers)
        {
            work.Add(GatherServerReflexiveAsync(agent, stun, Volatile.Read(ref _hostSockets), timeout.Token));
        }

        foreach (var turn in _servers.TurnServerOptionsFor("wlwebrtc-" + _sessionId, _time.GetUtcNow()))
        {
            work.Add(AllocateRelayAsync(agent, turn, timeout.Token));
        }

        await Task.WhenAll(work).ConfigureAwait(false);
    }

    /// <summary>
    /// The local addresses changed (the socket set was updated): sockets on new addresses become host candidates (and,
    /// with STUN servers, the base of server-reflexive ones), sockets on removed addresses stop taking datagrams. The
    /// agent keeps the old candidates' pairs until the restart that follows; their sends go nowhere.
    /// </summary>
    public void OnLocalAddressesChanged()
    {
        SharedPortIceSocket[] added;
        lock (_lock)
        {
            if (_closed)
            {
                return;
            }

            var live = _sockets.Endpoints;
            var kept = _hostSockets.Where(h => live.Contains(h.Endpoint)).ToArray();
            added = [.. live.Where(e => !kept.Any(h => ReferenceEquals(h.Endpoint, e))).Select(e => new SharedPortIceSocket(e, _sockets.Demultiplexer, _sink))];
            Volatile.Write(ref _hostSockets, [.. kept, .. added]);
        }

        var agent = Agent;
        if (agent is null || RelayOnly || added.Length == 0)
        {
            return;
        }

        foreach (var socket in added)
        {
            agent.AddHostCandidate(socket, (ushort)(65535 - Array.IndexOf(Volatile.Read(ref _hostSockets), socket)));
        }

        foreach (var stun in _servers.StunServers)
        {
            _ = GatherServerReflexiveInBackgroundAsync(agent, stun, added);
        }
    }

    private async Task GatherServerReflexiveInBackgroundAsync(IceAgent agent, StunServerUri stun, SharedPortIceSocket[] sockets)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_gathering.Token);
            timeout.CancelAfter(_servers.GatheringTimeout);
            await GatherServerReflexiveAsync(agent, stun, sockets, timeout.Token).ConfigureAwait(false);
        }
// Catch-all on purpose (see CONTRIBUTING.md, containment): background gathering runs on no caller's stack; a fault costs only that candidate
        catch (Exception e)
        {
            Log.GatheringFailed(_logger, _sessionId, stun.Uri, e.Message);
        }
    }

    public void Restart(IceCredentials local, RemoteTransport remote)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(remote);
        var agent = Agent ?? throw new InvalidOperationException("An ICE restart needs a started agent.");
        lock (_lock)
        {
            _localKey = StunIntegrity.ShortTermKey(local.Pwd);
            Volatile.Write(ref _local, local);
            _boundTuples.Clear();
        }

        agent.Restart(new LibraryCredentials(local.Ufrag, local.Pwd));
        agent.SetRemoteCredentials(remote.Ufrag, remote.Pwd);
        foreach (var candidate in remote.Candidates)
        {
            AddRemoteCandidate(candidate);
        }
    }

    /// <summary>How the selected pair reaches its TURN server when its local candidate is relayed (tests, stats); null otherwise.</summary>
    public TurnTransport? SelectedRelayTransport
    {
        get
        {
            if (Agent?.SelectedPair is not { Local.Type: IceCandidateType.Relayed } pair)
            {
                return null;
            }

            lock (_lock)
            {
                return _relays.Where(r => r.Relay.LocalEndPoint.Equals(pair.Local.EndPoint)).Select(r => (TurnTransport?)r.Client.Transport).FirstOrDefault();
            }
        }
    }

    /// <summary>Our candidates for the SDP (host, server-reflexive, relayed; never peer-reflexive).</summary>
    public IReadOnlyList<SdpCandidate> LocalCandidates()
    {
        var list = new List<SdpCandidate>();
        var hosts = Volatile.Read(ref _hostSockets);
        foreach (var candidate in Agent?.LocalCandidates ?? [])
        {
            if (candidate.Type == IceCandidateType.Host && !hosts.Any(h => StunAddress.Normalize(h.LocalEndPoint).Equals(candidate.EndPoint)))
            {
                continue; // its address is gone (the local addresses changed)
            }

            if (candidate.Type != IceCandidateType.PeerReflexive && SdpCandidate.TryParse(candidate.ToSdp(), out var parsed, out _))
            {
                list.Add(parsed!);
            }
        }

        return list;
    }

    public void Start(RemoteTransport remote)
    {
        var agent = Agent ?? throw new InvalidOperationException("Gather before starting full ICE.");
        agent.SetRemoteCredentials(remote.Ufrag, remote.Pwd);
        foreach (var candidate in remote.Candidates)
        {
            AddRemoteCandidate(candidate);
        }

        agent.Start();
    }

    public void AddRemoteCandidate(SdpCandidate? candidate)
    {
        var agent = Agent;
        if (agent is null)
        {
            return;
        }

        if (candidate is null)
        {
            agent.SetRemoteCandidatesComplete();
            return;
        }

        if (!candidate.IsUdp || candidate.EndPoint is null)
        {
            return; // TCP candidates (no ICE-TCP yet) and mDNS names: the peer's checks reveal it as peer-reflexive
        }

        try
        {
            agent.AddRemoteCandidate(WlWebRtc.Ice.Agent.IceCandidate.ParseSdp(candidate.Format()));
        }
        catch (FormatException e)
        {
            Log.CandidateIgnored(_logger, _sessionId, candidate, e.Message);
        }
    }

    public bool HandleBindingRequest(IDatagramSender local, SocketAddress remote, StunMessage request)
    {
        var agent = Agent;
        var socket = SocketFor(local);
        if (agent is null || socket is null)
        {
            return false;
        }

        // The agent answers (or refuses) on its own; whether the 5-tuple may reach this session is decided here, by the
        // same short-term credential check, so a forged request binds nothing.
        var authentic = false;
        byte[] localKey;
        lock (_lock)
        {
            localKey = _localKey;
        }

        try
        {
            authentic = request.HasIntegrity && request.Username is { } username &&
                username.StartsWith(Local.Ufrag + ":", StringComparison.Ordinal) && request.VerifyIntegrity(localKey);
        }
        catch (StunParseException)
        {
        }

        agent.Receive(socket, ToEndPoint(remote), request.Raw.Span);
        if (!authentic)
        {
            return false;
        }

        lock (_lock)
        {
            if (_boundTuples.Contains(remote))
            {
                return true;
            }

            if (_boundTuples.Count >= MaxBoundTuples)
            {
                return false; // the agent still answered; only the route for DTLS and SRTP is refused
            }

            var copy = new SocketAddress(remote.Family, remote.Size);
            remote.Buffer.CopyTo(copy.Buffer);
            _boundTuples.Add(copy);
            return true;
        }
    }

    public void HandleResponse(IDatagramSender local, SocketAddress remote, StunMessage response)
    {
        if (Agent is { } agent && SocketFor(local) is { } socket)
        {
            agent.Receive(socket, ToEndPoint(remote), response.Raw.Span);
        }
    }

    public bool IsSelected(IDatagramSender local, SocketAddress remote) => Volatile.Read(ref _selected)?.Matches(local, remote) == true;

    public void SendToSelected(ReadOnlySpan<byte> datagram) => Agent?.SendOnSelectedPair(datagram);

    public void NoteSelectedPairTraffic()
    {
        // The agent keeps consent with its own checks (RFC 7675).
    }

    public void CheckConsent()
    {
        // The agent's timer runs consent; nothing to poll.
    }

    public void Close()
    {
        lock (_lock)
        {
            _closed = true;
        }

        Agent?.Close();
    }

    public async ValueTask DisposeAsync()
    {
        Close();
        await _gathering.CancelAsync().ConfigureAwait(false);
        Agent?.Dispose();
        List<(TurnClient Client, TurnRelaySocket Relay, RelaySender Sender)> relays;
        lock (_lock)
        {
            relays = [.. _relays];
            _relays.Clear();
        }

        foreach (var relay in relays)
        {
            await relay.Client.DisposeAsync().ConfigureAwait(false);
        }

        _gathering.Dispose();
    }

    private static IPEndPoint ToEndPoint(SocketAddress address) =>
        (IPEndPoint)new IPEndPoint(address.Family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0).Create(address);

    private SharedPortIceSocket? SocketFor(IDatagramSender local)
    {
        if (RelayOnly)
        {
            return null;
        }

        foreach (var socket in Volatile.Read(ref _hostSockets))
        {
            if (ReferenceEquals(socket.Endpoint, local))
            {
                return socket;
            }
        }

        return null;
    }

    private async Task GatherServerReflexiveAsync(IceAgent agent, StunServerUri stun, IReadOnlyList<SharedPortIceSocket> sockets, CancellationToken cancellationToken)
    {
        try
        {
            var addresses = await Dns.GetHostAddressesAsync(stun.Host, cancellationToken).ConfigureAwait(false);
            foreach (var socket in sockets)
            {
                var family = socket.LocalEndPoint.AddressFamily;
                var address = addresses.FirstOrDefault(a => a.AddressFamily == family);
                if (address is null || IPAddress.IsLoopback(socket.LocalEndPoint.Address) != IPAddress.IsLoopback(address))
                {
                    continue; // a loopback socket cannot reach an outside STUN server, nor the other way round
                }

                var candidate = await agent.GatherServerReflexiveAsync(socket, new IPEndPoint(address, stun.Port), cancellationToken: cancellationToken).ConfigureAwait(false);
                Log.Gathered(_logger, _sessionId, "server-reflexive", (object?)candidate?.EndPoint ?? "same as host (no NAT)", stun.Uri);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or StunTimeoutException or StunErrorResponseException or StunParseException)
        {
            Log.GatheringFailed(_logger, _sessionId, stun.Uri, e.Message);
        }
    }

    private async Task AllocateRelayAsync(IceAgent agent, TurnServerOptions options, CancellationToken cancellationToken)
    {
        TurnClient? client = null;
        try
        {
            client = await TurnClient.ConnectAsync(options, _time, _loggerFactory.CreateLogger("WlWebRtc.Ice.Turn"), cancellationToken).ConfigureAwait(false);
            var allocation = await client.AllocateAsync(cancellationToken).ConfigureAwait(false);
            var relay = new TurnRelaySocket(client);
            var sender = new RelaySender(relay);
            relay.DatagramReceived += (socket, from, data) => OnRelayDatagram(agent, sender, from, data);
            lock (_lock)
            {
                if (_closed)
                {
                    _ = client.DisposeAsync().AsTask();
                    return;
                }

                _relays.Add((client, relay, sender));
            }

            agent.AddRelayedCandidate(relay, allocation.Mapped, client.ServerEndPoint.Address);
            Log.Gathered(_logger, _sessionId, "relayed", allocation.Relayed, client.ServerEndPoint); // never the options record: it holds the password
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or IOException or StunTimeoutException or StunErrorResponseException or StunParseException or System.Security.Authentication.AuthenticationException)
        {
            Log.GatheringFailed(_logger, _sessionId, $"{options.Transport} {options.Host}:{options.Port}", e.Message);
            if (client is not null)
            {
                await client.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>A datagram relayed to us: STUN for the agent, DTLS and SRTCP for the session (RFC 7983 by first byte).</summary>
    private void OnRelayDatagram(IceAgent agent, RelaySender sender, IPEndPoint from, ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty || agent.Receive(sender.Relay, from, data))
        {
            return;
        }

        var remote = StunAddress.Normalize(from).Serialize();
        if (data[0] is >= 20 and <= 63)
        {
            _sink.OnDtls(sender, remote, data);
        }
        else if (data[0] is >= 128 and <= 191)
        {
            _sink.OnRtp(sender, remote, data);
        }
        else
        {
            _sink.OnDropped();
        }
    }

    private void OnAgentStateChanged(IceAgentState state)
    {
        var mapped = state switch
        {
            IceAgentState.Checking => IceConnectionState.Checking,
            IceAgentState.Connected => IceConnectionState.Connected,
            IceAgentState.Failed => IceConnectionState.Failed,
            IceAgentState.Closed => IceConnectionState.Closed,
            _ => IceConnectionState.New,
        };
        State = mapped;
        if (mapped is IceConnectionState.Checking or IceConnectionState.Connected or IceConnectionState.Failed)
        {
            StateChanged?.Invoke(mapped);
        }
    }

    private void OnSelectedPairChanged(IceCandidatePair pair)
    {
        var remoteEndPoint = StunAddress.Normalize(pair.Remote.EndPoint);
        var remote = remoteEndPoint.Serialize();
        IDatagramSender? local = pair.Socket switch
        {
            SharedPortIceSocket shared => shared.Endpoint,
            TurnRelaySocket relay => FindRelaySender(relay),
            _ => null,
        };
        if (local is null)
        {
            return;
        }

        if (local is UdpEndpoint)
        {
            // Our check may have validated the pair before the peer's did: route its DTLS and SRTCP here either way.
            _sockets.Demultiplexer.Bind(local, remote, _sink);
        }

        Volatile.Write(ref _selected, new SelectedPair(local, remote, remoteEndPoint));
        Log.Selected(_logger, _sessionId, pair);
    }

    private RelaySender? FindRelaySender(TurnRelaySocket relay)
    {
        lock (_lock)
        {
            return _relays.FirstOrDefault(r => ReferenceEquals(r.Relay, relay)).Sender;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.IceGathered, Level = LogLevel.Information, Message = "Session {Id}: {Kind} candidate {Address} from {Server}")]
        public static partial void Gathered(ILogger logger, string id, string kind, object address, object server);

        [LoggerMessage(EventId = EventIds.IceGatheringFailed, Level = LogLevel.Warning, Message = "Session {Id}: gathering through {Server} failed: {Reason}")]
        public static partial void GatheringFailed(ILogger logger, string id, string server, string reason);

        [LoggerMessage(EventId = EventIds.IceCandidateIgnored, Level = LogLevel.Debug, Message = "Session {Id}: remote candidate '{Candidate}' ignored: {Reason}")]
        public static partial void CandidateIgnored(ILogger logger, string id, SdpCandidate candidate, string reason);

        [LoggerMessage(EventId = EventIds.IceSelected, Level = LogLevel.Information, Message = "Session {Id}: ICE selected {Pair}")]
        public static partial void Selected(ILogger logger, string id, IceCandidatePair pair);
    }
}
