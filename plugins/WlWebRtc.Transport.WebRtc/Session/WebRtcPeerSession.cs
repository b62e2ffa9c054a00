using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using WlWebRtc.Transport.WebRtc.Dtls;
using WlWebRtc.Transport.WebRtc.Ice;
using WlWebRtc.Transport.WebRtc.Plugin;
using WlWebRtc.Transport.WebRtc.Sdp;
using IceRole = WlWebRtc.Ice.Agent.IceRole;

namespace WlWebRtc.Transport.WebRtc.Session;

/// <summary>
/// One viewer: offer/answer, its ICE (lite, or the full WlWebRtc.Ice agent per transport.webrtc.ice_mode), the DTLS association, SRTP video via the RTP library and
/// data channels via the SCTP library. Packets arrive on the socket threads (<see cref="IIcePacketSink"/>),
/// video from the host's encoder thread (<see cref="SendVideo"/>) and goes out from this session's send loop.
/// </summary>
internal sealed partial class WebRtcPeerSession : IPeerSession, IIcePacketSink, ILocalCandidateSource, IIceRestartable
{
    private readonly WebRtcTransport _transport;
    private readonly SocketSet _sockets;
    private readonly IPeerSessionObserver _observer;
    private readonly ILogger _logger;
    private readonly ISessionIce _ice;
    private readonly Lock _lock = new();
    private readonly uint _videoSsrc;
    private readonly uint _rtxSsrc;
    private readonly string _cname;
    private PeerSessionState _state = PeerSessionState.New;
    private NegotiatedSession? _negotiated;
    private SdpSession? _localOffer;
    private DtlsEndpoint? _dtls;
    private long _malformed;
    private int _disposed;

    public WebRtcPeerSession(WebRtcTransport transport, SocketSet sockets, PeerSessionOptions options, IPeerSessionObserver observer)
    {
        _transport = transport;
        _sockets = sockets;
        Options = options;
        _observer = observer;
        _logger = transport.LoggerFactory.CreateLogger("WlWebRtc.Transport.WebRtc.Session");
        // An outbound session offers, so it controls and must nominate: only the full agent can (an ICE-lite offerer
        // would leave an answering SFU waiting for a nomination that never comes).
        if (transport.Options.Ice.UseFullIce || options.Outbound)
        {
            var servers = IceServers.SessionIceServers.Merge(transport.Options.Ice, options.IceServers);
            _ice = new FullIceSession(IceCredentials.Create(), sockets, this, servers, transport.Time, transport.LoggerFactory, options.Id)
            {
                RelayOnly = options.IceTransportPolicy == IceTransportPolicy.Relay,
            };
        }
        else
        {
            var lite = new IceLiteAgent(IceCredentials.Create(), transport.Time)
            {
                ConsentTimeout = transport.Options.ConsentTimeout,
                DisconnectedTimeout = transport.Options.DisconnectedTimeout,
            };
            lite.CandidateRemoved += (local, remote) => _sockets.Demultiplexer.Unbind(local, remote, this);
            _ice = lite;
        }

        _ice.StateChanged += OnIceStateChanged;
        _videoSsrc = RandomSsrc();
        do
        {
            _rtxSsrc = RandomSsrc();
        }
        while (_rtxSsrc == _videoSsrc);
        _cname = Convert.ToBase64String(RandomNumberGenerator.GetBytes(12));
        _sockets.Demultiplexer.Register(_ice.Local.Ufrag, this);
        _sendQueue = new Rtp.Queue.ViewerSendQueue(transport.Options.MaxQueuedFrames);
    }

    public string Id => Options.Id;

    public PeerSessionOptions Options { get; }

    public PeerSessionState State
    {
        get
        {
            lock (_lock)
            {
                return _state;
            }
        }
    }

    /// <summary>The ICE-lite agent (tests forge STUN with its credentials); throws in full mode.</summary>
    internal IceLiteAgent Ice => _ice as IceLiteAgent ?? throw new InvalidOperationException("This session runs full ICE.");

    /// <summary>The session's ICE, lite or full.</summary>
    internal ISessionIce IceLink => _ice;

    internal NegotiatedSession? Negotiated => _negotiated;

    /// <summary>
    /// Test seam: rewrites what negotiation settled before the session uses it, so a test can bypass the
    /// negotiation checks and prove that a bad value still fails only this session.
    /// </summary>
    internal Func<NegotiatedSession, NegotiatedSession>? NegotiatedForTest { get; set; }

    public async ValueTask<SessionDescription> AcceptOfferAsync(SessionDescription offer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(offer);
        if (offer.Type != SdpType.Offer)
        {
            throw new SessionDescriptionException("AcceptOfferAsync needs an SDP of type offer.");
        }

        var parsed = SdpParser.Parse(offer.Sdp);
        lock (_lock)
        {
            ThrowIfNotNew();
        }

        // The viewer offered, so it controls (RFC 8445 section 6.1.1); full ICE gathers before the answer is written, or
        // with trickle only its host candidates, the others following through the trickle.
        var trickle = _ice is FullIceSession && _transport.Options.Ice.Trickle;
        _trickle = new LocalCandidateTrickle(parsed.Media.FirstOrDefault(m => m.Mid is not null)?.Mid ?? "0");
        await GatherAsync(IceRole.Controlled, trickle ? _trickle : null, cancellationToken).ConfigureAwait(false);
        if (!trickle)
        {
            _trickle.Complete();
        }

        lock (_lock)
        {
            ThrowIfNotNew();
            var (answer, negotiated) = SdpNegotiator.CreateAnswer(parsed, MakeLocalDescription(_ice.Local) with { Trickle = trickle });
            negotiated = NegotiatedForTest?.Invoke(negotiated) ?? negotiated;
            Begin(negotiated);
            Log.Answered(_logger, Id, negotiated.Video?.PayloadType ?? -1, negotiated.Video?.ProfileLevelId ?? "-", negotiated.Data is not null, negotiated.LocalIsDtlsClient);
            return new SessionDescription(SdpType.Answer, SdpWriter.Write(answer));
        }
    }

    public async ValueTask<SessionDescription> CreateOfferAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            ThrowIfNotNew();
        }

        await GatherAsync(IceRole.Controlling, null, cancellationToken).ConfigureAwait(false);
        _trickle.Complete(); // a server offer carries every candidate
        lock (_lock)
        {
            ThrowIfNotNew();
            _localOffer ??= SdpNegotiator.CreateOffer(MakeLocalDescription(_ice.Local));
            return new SessionDescription(SdpType.Offer, SdpWriter.Write(_localOffer));
        }
    }

    public ValueTask SetAnswerAsync(SessionDescription answer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (answer.Type != SdpType.Answer)
        {
            throw new SessionDescriptionException("SetAnswerAsync needs an SDP of type answer.");
        }

        var parsed = SdpParser.Parse(answer.Sdp);
        lock (_lock)
        {
            ThrowIfNotNew();
            var offer = _localOffer ?? throw new InvalidOperationException("SetAnswerAsync needs a prior CreateOfferAsync.");
            var negotiated = SdpNegotiator.ApplyAnswer(offer, parsed);
            Begin(negotiated);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask AddRemoteCandidateAsync(IceCandidate? candidate, CancellationToken cancellationToken)
    {
        if (candidate is null || candidate.Candidate.Length == 0)
        {
            _ice.AddRemoteCandidate(null);
            return ValueTask.CompletedTask;
        }

        if (!SdpCandidate.TryParse(candidate.Candidate, out var parsed, out var error))
        {
            throw new SessionDescriptionException($"Bad ICE candidate '{candidate.Candidate}': {error}.");
        }

        if (Interlocked.Increment(ref _remoteCandidates) > MaxRemoteCandidates)
        {
            throw new SessionDescriptionException($"More than {MaxRemoteCandidates} remote candidates (per ICE restart).");
        }

        // A lite agent ignores it (the controlling peer's checks reveal its address); a full agent pairs and checks it.
        _ice.AddRemoteCandidate(parsed);
        return ValueTask.CompletedTask;
    }

    public PeerSessionStats GetStats()
    {
        var rtp = Volatile.Read(ref _sender)?.GetStatistics();
        return new PeerSessionStats
        {
            FramesSent = rtp?.FramesSent ?? 0,
            FramesDropped = Interlocked.Read(ref _framesDropped) + _sendQueue.FramesDropped + (Volatile.Read(ref _pacer)?.FramesDroppedLate ?? 0),
            PacketsSent = rtp?.PacketsSent ?? 0,
            BytesSent = rtp?.BytesSent ?? 0,
            PacketsRetransmitted = rtp?.PacketsRetransmitted ?? 0,
            FecPacketsSent = rtp?.FecPacketsSent ?? 0,
            FecBytesSent = rtp?.FecBytesSent ?? 0,
            FecEmptyRetransmissions = rtp?.EmptyRetransmissions ?? 0,
            ProbeClusters = rtp?.ProbeClusters ?? 0,
            ProbeResults = rtp?.ProbeResults ?? 0,
            LastProbeBitsPerSecond = rtp?.LastProbeBitsPerSecond,
            LastProbeSaturated = rtp?.LastProbeSaturated ?? false,
            LastProbeAge = rtp?.LastProbeAge,
            PaddingBytesSent = rtp?.PaddingBytesSent ?? 0,
            PlayoutDelay = rtp?.PlayoutDelayMin ?? TimeSpan.Zero,
            DuplicateRetransmissions = rtp?.DuplicateRetransmissions ?? 0,
            LastFramePacingDelay = Volatile.Read(ref _pacer)?.LastQueuedToSent,
            NacksReceived = rtp?.NacksReceived ?? 0,
            KeyframeRequestsReceived = rtp?.KeyframeRequestsReceived ?? 0,

            // What the sender refused from the viewer's RTCP: a viewer (or attacker) asking for more than it may.
            RetransmissionsOverBudget = rtp?.RetransmissionsOverBudget ?? 0,
            NackedSequencesDropped = rtp?.NackedSequencesDropped ?? 0,
            TransportFeedbackDropped = rtp?.TransportFeedbackDropped ?? 0,
            KeyframeRequestsSuppressed = rtp?.KeyframeRequestsSuppressed ?? 0,
            MalformedPacketsDropped = Interlocked.Read(ref _malformed) + OffPairDropped + (rtp?.MalformedPacketsDropped ?? 0) + DataChannelMalformed(),
            RoundTripTime = rtp?.RoundTripTime,
            FractionLost = rtp?.FractionLost ?? 0,
            Jitter = rtp?.Jitter,
            EstimatedBandwidthBitsPerSecond = rtp?.EstimatedBandwidthBitsPerSecond ?? 0,
        };
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        var changed = SetState(PeerSessionState.Closed);
        _trickle.Complete();
        _sockets.Demultiplexer.Unregister(_ice.Local.Ufrag, this);
        await _ice.DisposeAsync().ConfigureAwait(false);
        await StopMediaAsync().ConfigureAwait(false);
        CloseData();
        _dtls?.Dispose();
        _sockets.Dispose();
        _sendQueue.Dispose();
        _transport.Forget(this);
        if (changed)
        {
            Notify(PeerSessionState.Closed);
        }
    }

    /// <summary>Called by the transport's timer for every session.</summary>
    internal void CheckConsent()
    {
        try
        {
            _ice.CheckConsent();
        }
// Catch-all on purpose (see CONTRIBUTING.md, containment): containment: a bug in one session's consent handling fails that session, not the timer
        catch (Exception ex)
        {
            FailOnException("the consent timer", ex);
        }
    }

    private static uint RandomSsrc()
    {
        Span<byte> b = stackalloc byte[4];
        uint v;
        do
        {
            RandomNumberGenerator.Fill(b);
            v = BitConverter.ToUInt32(b);
        }
        while (v == 0);
        return v;
    }

    /// <summary>
    /// Full ICE: creates the agent in <paramref name="role"/> and waits for its candidates (at most the gathering timeout),
    /// or with <paramref name="trickle"/> for its host candidates only. Lite: nothing.
    /// </summary>
    private Task GatherAsync(IceRole role, LocalCandidateTrickle? trickle, CancellationToken cancellationToken) =>
        _ice is FullIceSession full ? full.GatherAsync(role, trickle, cancellationToken) : Task.CompletedTask;

    private LocalDescription MakeLocalDescription(IceCredentials credentials) =>
        new(credentials.Ufrag, credentials.Pwd, _transport.Certificate.Fingerprint, LocalCandidates(), _videoSsrc, _rtxSsrc, _cname,
            "wlwebrtc", "video-" + Id, Options.EnableDataChannel)
        {
            PlayoutDelayZero = _transport.Options.PlayoutDelayZero,
            IceLite = _ice.IsLite,
            Fec = _transport.Options.Fec.Enabled,
        };

    /// <summary>Lite: the shared sockets' host and announced addresses. Full: the announced addresses, then what the agent gathered.</summary>
    private IReadOnlyList<SdpCandidate> LocalCandidates() =>
        _ice is FullIceSession full ? [.. _sockets.HostCandidates(includeLocal: false), .. full.LocalCandidates()] : _sockets.HostCandidates();

    private void ThrowIfNotNew()
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (_state != PeerSessionState.New || _negotiated is not null)
        {
            throw new InvalidOperationException($"Session {Id} was already negotiated.");
        }
    }

    /// <summary>Called under the lock once offer/answer is settled: ICE can answer checks, DTLS waits for the pair.</summary>
    private void Begin(NegotiatedSession negotiated)
    {
        _negotiated = negotiated;
        _dtls = new DtlsEndpoint(negotiated.LocalIsDtlsClient, _transport.Certificate, negotiated.Remote.Fingerprint, _transport.DtlsTimers, SendToSelected,
            _transport.LoggerFactory.CreateLogger("WlWebRtc.Transport.WebRtc.Dtls"));
        _ice.Start(negotiated.Remote);
        _state = PeerSessionState.Connecting;
        ThreadPool.UnsafeQueueUserWorkItem(s => s.Notify(PeerSessionState.Connecting), this, preferLocal: false);
        if (!negotiated.LocalIsDtlsClient)
        {
            StartDtls();
        }
    }

    private void StartDtls()
    {
        if (State is PeerSessionState.Closed or PeerSessionState.Failed)
        {
            return;
        }

        _dtls!.Start(Id, OnDtlsConnected, OnDtlsFailed, OnApplicationData, OnDtlsClosed);
    }

    private void SendToSelected(ReadOnlySpan<byte> datagram)
    {
        _ice.SendToSelected(datagram);
    }

    private void OnIceStateChanged(IceConnectionState state)
    {
        switch (state)
        {
            case IceConnectionState.Connected:
                var dtls = _dtls;
                if (dtls is not null && dtls.IsClient && Interlocked.Exchange(ref _dtlsClientStarted, 1) == 0)
                {
                    StartDtls();
                }

                if (dtls?.IsConnected == true && SetState(PeerSessionState.Connected, from: PeerSessionState.Disconnected))
                {
                    Notify(PeerSessionState.Connected);
                }

                break;
            case IceConnectionState.Disconnected:
                if (SetState(PeerSessionState.Disconnected, from: PeerSessionState.Connected))
                {
                    Log.ConsentLost(_logger, Id, "disconnected");
                    Notify(PeerSessionState.Disconnected);
                }

                break;
            case IceConnectionState.Failed:
                Log.ConsentLost(_logger, Id, "failed");
                Fail(State == PeerSessionState.Connecting
                    ? $"ICE failed: the viewer never reached the server ({(_ice.IsLite ? $"no connectivity check arrived within {_transport.Options.ConsentTimeout.TotalSeconds:0} s" : "no candidate pair answered")}; behind a NAT, set stun_servers or turn_servers, or forward the port and list the public address in announced_addresses)"
                    : _ice.IsLite ? "ICE consent expired" : "ICE failed (consent expired)");
                break;
            default:
                break;
        }
    }

    private int _dtlsClientStarted;

    private void OnDtlsFailed(string reason) => Fail(reason);

    private void OnDtlsClosed()
    {
        Log.SessionClosedByPeer(_logger, Id);
        if (SetState(PeerSessionState.Closed))
        {
            Notify(PeerSessionState.Closed);
        }
    }

    /// <summary>
    /// The session ends for good with <paramref name="reason"/> logged: ICE stops answering, the send queue
    /// closes (the send loop ends), the DTLS thread stops, and the observer hears Failed. Other sessions on
    /// the same transport are untouched.
    /// </summary>
    private void Fail(string reason)
    {
        if (SetState(PeerSessionState.Failed))
        {
            Log.SessionFailed(_logger, Id, reason);
            _ice.Close();
            _sendQueue.Dispose();
            _dtls?.Dispose();
            Notify(PeerSessionState.Failed);
        }
    }

    /// <summary>Containment for every entry point this session runs on a thread it does not own the loop of.</summary>
    private void FailOnException(string where, Exception exception)
    {
        Log.EntryPointThrew(_logger, exception, Id, where);
        try
        {
            Fail($"{where} threw {exception.GetType().Name}: {exception.Message}");
        }
// Catch-all on purpose (see CONTRIBUTING.md, containment): the failure path must not throw into the caller's loop either
        catch (Exception inner)
        {
            Log.EntryPointThrew(_logger, inner, Id, "failing the session");
        }
    }

    /// <summary>Moves to <paramref name="state"/> unless closed/failed (or not in <paramref name="from"/>); true if it changed.</summary>
    private bool SetState(PeerSessionState state, PeerSessionState? from = null)
    {
        lock (_lock)
        {
            if (_state is PeerSessionState.Closed or PeerSessionState.Failed || _state == state || (from is { } f && _state != f))
            {
                return false;
            }

            _state = state;
            return true;
        }
    }

    private void Notify(PeerSessionState state)
    {
        try
        {
            _observer.OnStateChanged(this, state);
        }
// Catch-all on purpose (see CONTRIBUTING.md, containment): an observer bug must not break the transport thread
        catch (Exception ex)
        {
            Log.ObserverThrew(_logger, ex, Id);
        }
    }

    private void CountMalformed() => Interlocked.Increment(ref _malformed);

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.SessionAnswered, Level = LogLevel.Information, Message = "Session {Id}: answered (H.264 PT {PayloadType} profile {Profile}, data channel {Data}, DTLS client {DtlsClient})")]
        public static partial void Answered(ILogger logger, string id, int payloadType, string profile, bool data, bool dtlsClient);

        [LoggerMessage(EventId = EventIds.SessionFailed, Level = LogLevel.Warning, Message = "Session {Id} failed: {Reason}")]
        public static partial void SessionFailed(ILogger logger, string id, string reason);

        [LoggerMessage(EventId = EventIds.SessionConsent, Level = LogLevel.Information, Message = "Session {Id}: consent {What}")]
        public static partial void ConsentLost(ILogger logger, string id, string what);

        [LoggerMessage(EventId = EventIds.SessionObserverThrew, Level = LogLevel.Error, Message = "Session {Id}: the observer threw")]
        public static partial void ObserverThrew(ILogger logger, Exception exception, string id);

        [LoggerMessage(EventId = EventIds.SessionConnected, Level = LogLevel.Information, Message = "Session {Id}: connected (SRTP {Profile})")]
        public static partial void Connected(ILogger logger, string id, Rtp.Srtp.SrtpProfile profile);

        [LoggerMessage(EventId = EventIds.SessionClosedByViewer, Level = LogLevel.Information, Message = "Session {Id}: closed by the viewer")]
        public static partial void SessionClosedByPeer(ILogger logger, string id);

        [LoggerMessage(EventId = EventIds.SessionByeReceived, Level = LogLevel.Information, Message = "Session {Id}: the viewer sent RTCP BYE")]
        public static partial void ByeReceived(ILogger logger, string id);

        [LoggerMessage(EventId = EventIds.SessionSendFailed, Level = LogLevel.Error, Message = "Session {Id}: sending a frame threw")]
        public static partial void SendFailed(ILogger logger, Exception exception, string id);

        [LoggerMessage(EventId = EventIds.SessionEntryPointThrew, Level = LogLevel.Error, Message = "Session {Id}: {Where} threw; the session fails, other sessions carry on")]
        public static partial void EntryPointThrew(ILogger logger, Exception exception, string id, string where);
    }
}
