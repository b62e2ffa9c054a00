using Microsoft.Extensions.Logging;
using WlWebRtc.Transport.WebRtc.Ice;
using WlWebRtc.Transport.WebRtc.Sdp;

namespace WlWebRtc.Transport.WebRtc.Session;

/// <summary>
/// Trickle of the server's own candidates and ICE restart (RFC 8445 section 9) on a live session: new credentials on
/// both sides, the demultiplexer re-keyed on the new ufrag, and DTLS, SRTP, SCTP and the send queue untouched (a restart
/// does not redo DTLS); media stays on the old pair until the new checks select one.
/// </summary>
internal sealed partial class WebRtcPeerSession
{
    /// <summary>Most remote candidates a peer may trickle per ICE generation (a browser sends a handful).</summary>
    public const int MaxRemoteCandidates = 64;

    /// <summary>Most ICE restarts per session: each costs little, but a peer must not loop on them for ever.</summary>
    public const int MaxIceRestarts = 1000;

    private LocalCandidateTrickle _trickle = new("0");
    private int _remoteCandidates;
    private int _iceRestarts;

    /// <summary>ICE restarts this session went through.</summary>
    internal int IceRestarts => Volatile.Read(ref _iceRestarts);

    public IDisposable SubscribeLocalCandidates(Action<IceCandidate?> handler) => _trickle.SubscribeLocalCandidates(handler);

    public ValueTask<SessionDescription> RestartIceAsync(SessionDescription offer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(offer);
        if (offer.Type != SdpType.Offer)
        {
            throw new SessionDescriptionException("An ICE restart needs an SDP of type offer.");
        }

        var parsed = SdpParser.Parse(offer.Sdp);
        lock (_lock)
        {
            var negotiated = NegotiatedForRestart();
            var credentials = IceCredentials.Create();
            var (answer, renegotiated) = SdpNegotiator.CreateAnswer(parsed, MakeLocalDescription(credentials) with { Trickle = !_trickle.IsComplete });
            if (renegotiated.Remote.Fingerprint.Format() != negotiated.Remote.Fingerprint.Format() || renegotiated.LocalIsDtlsClient != negotiated.LocalIsDtlsClient ||
                renegotiated.Video?.Mid != negotiated.Video?.Mid || renegotiated.Video?.PayloadType != negotiated.Video?.PayloadType ||
                renegotiated.Data?.Mid != negotiated.Data?.Mid)
            {
                throw new SessionDescriptionException("A re-offer may change only the ICE credentials and candidates (the fingerprint, DTLS role, media sections and codec must stay).");
            }

            ApplyRestart(credentials, renegotiated.Remote);
            return ValueTask.FromResult(new SessionDescription(SdpType.Answer, SdpWriter.Write(answer)));
        }
    }

    public ValueTask<IceParameters> RestartIceAsync(IceParameters remote, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(remote);
        if (!IceCredentialRules.IsValidUfrag(remote.Ufrag) || !IceCredentialRules.IsValidPwd(remote.Pwd))
        {
            throw new SessionDescriptionException("An ICE restart needs an ice-ufrag of 4–256 and an ice-pwd of 22–256 ice-chars (RFC 8839).");
        }

        if (remote.Candidates.Count > MaxRemoteCandidates)
        {
            throw new SessionDescriptionException($"More than {MaxRemoteCandidates} remote candidates.");
        }

        var candidates = new List<SdpCandidate>();
        foreach (var candidate in remote.Candidates)
        {
            if (!SdpCandidate.TryParse(candidate.Candidate, out var parsed, out var error))
            {
                throw new SessionDescriptionException($"Bad ICE candidate '{candidate.Candidate}': {error}.");
            }

            candidates.Add(parsed!);
        }

        lock (_lock)
        {
            var negotiated = NegotiatedForRestart();
            var credentials = IceCredentials.Create();
            ApplyRestart(credentials, negotiated.Remote with { Ufrag = remote.Ufrag, Pwd = remote.Pwd, Candidates = candidates });
            var mid = negotiated.Video?.Mid ?? negotiated.Data?.Mid ?? "0";
            IReadOnlyList<IceCandidate> local = [.. LocalCandidates().Select(c => new IceCandidate(c.Format(), mid, 0))];
            return ValueTask.FromResult(new IceParameters(credentials.Ufrag, credentials.Pwd, local));
        }
    }

    /// <summary>Under the lock: the negotiated session a restart builds on; throws when there is none or it has ended.</summary>
    private NegotiatedSession NegotiatedForRestart()
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (_negotiated is null || _state is PeerSessionState.Closed or PeerSessionState.Failed)
        {
            throw new InvalidOperationException($"Session {Id} has no live negotiated session to restart ICE on (state {_state}).");
        }

        if (_iceRestarts >= MaxIceRestarts)
        {
            throw new SessionDescriptionException($"Session {Id} restarted ICE {MaxIceRestarts} times; start a new session.");
        }

        return _negotiated;
    }

    /// <summary>Under the lock: the agent restarts with <paramref name="credentials"/>; checks naming them reach this session.</summary>
    private void ApplyRestart(IceCredentials credentials, RemoteTransport remote)
    {
        var old = _ice.Local.Ufrag;
        _sockets.Demultiplexer.Rekey(old, credentials.Ufrag, this);
        try
        {
            _ice.Restart(credentials, remote);
        }
        catch
        {
            _sockets.Demultiplexer.Rekey(credentials.Ufrag, old, this);
            throw;
        }

        _negotiated = _negotiated! with { Remote = remote };
        Interlocked.Exchange(ref _remoteCandidates, remote.Candidates.Count);
        Interlocked.Increment(ref _iceRestarts);
        Log.IceRestarted(_logger, Id, old, credentials.Ufrag, _ice.IsLite ? "lite" : "full");
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.SessionIceRestarted, Level = LogLevel.Information, Message = "Session {Id}: ICE restart ({Mode}), local ufrag {OldUfrag} -> {NewUfrag}; DTLS and SRTP kept")]
        public static partial void IceRestarted(ILogger logger, string id, string oldUfrag, string newUfrag, string mode);
    }
}
