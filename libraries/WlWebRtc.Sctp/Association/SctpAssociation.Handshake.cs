using WlWebRtc.Sctp.Packets;
using WlWebRtc.Sctp.Packets.Chunks;

namespace WlWebRtc.Sctp;

public sealed partial class SctpAssociation
{
    private static readonly byte[] OurExtensions = [(byte)ChunkType.ReConfig, (byte)ChunkType.ForwardTsn];

    private void StartCore()
    {
        lock (_lock)
        {
            if (_started || _terminated || _disposed)
                return;
            _started = true;
            if (_state == InternalState.Closed)
            {
                var init = BuildInit(isAck: false, cookie: default);
                _init.Begin(init, initialTimeout: true);
                SendSingle(init, 0);
                _init.StartTimer();
                SetState(InternalState.CookieWait);
            }
        }
        DispatchEvents();
    }

    private InitChunk BuildInit(bool isAck, ReadOnlyMemory<byte> cookie) => new()
    {
        IsAck = isAck,
        InitiateTag = _localTag,
        ARwnd = (uint)_options.ReceiveWindow,
        OutboundStreams = (ushort)_options.MaxStreams,
        InboundStreams = (ushort)_options.MaxStreams,
        InitialTsn = _localInitialTsn,
        ForwardTsnSupported = true,
        SupportedExtensions = OurExtensions,
        StateCookie = cookie,
    };

    private void HandleInit(ReadOnlySpan<byte> value)
    {
        var init = InitChunk.Parse(isAck: false, value);
        if (init is null)
        {
            _drops.Malformed("bad INIT");
            return;
        }
        if (_state is InternalState.ShutdownAckSent)
        {
            // RFC 9260 §9.2: answer with SHUTDOWN-ACK again.
            return;
        }
        // In every state we answer with our (fixed) tag and TSN: simultaneous INITs then converge (RFC 9260 §5.2.1),
        // and a peer restart would need a new tag, which WebRTC never does over one DTLS connection.
        var cookie = _cookie.Make(init);
        SendSingle(BuildInit(isAck: true, cookie), init.InitiateTag);
        if (!_started && _state == InternalState.Closed)
            SetPublicState(SctpAssociationState.Connecting);
    }

    private void HandleInitAck(ReadOnlySpan<byte> value)
    {
        if (_state != InternalState.CookieWait)
        {
            _drops.OutOfState("INIT-ACK");
            return;
        }
        var ack = InitChunk.Parse(isAck: true, value);
        if (ack is null)
        {
            _drops.Malformed("bad INIT-ACK");
            return;
        }
        AdoptPeer(new PeerParameters(ack.InitiateTag, ack.InitialTsn, ack.ARwnd, ack.OutboundStreams, ack.InboundStreams, ack.SupportsForwardTsn, ack.SupportsReConfig));
        var cookieEcho = new SimpleChunk(ChunkType.CookieEcho, 0, ack.StateCookie);
        _init.Begin(cookieEcho, initialTimeout: false);
        SendSingle(cookieEcho, _peerTag);
        _init.StartTimer();
        SetState(InternalState.CookieEchoed);
    }

    private void HandleCookieEcho(ReadOnlySpan<byte> value)
    {
        if (!_cookie.TryOpen(value, out var peer))
            return;
        if (IsUp)
        {
            if (peer.Tag == _peerTag)
                SendSingle(SimpleChunk.Empty(ChunkType.CookieAck), _peerTag); // RFC 9260 §5.2.4 case D: our COOKIE-ACK was lost.
            else
                _drops.OutOfState("COOKIE-ECHO of a restarted peer");
            return;
        }
        AdoptPeer(peer);
        _init.End();
        _builder.Add(SimpleChunk.Empty(ChunkType.CookieAck));
        EnterEstablished();
    }

    private void HandleCookieAck()
    {
        if (_state != InternalState.CookieEchoed)
        {
            if (!IsUp)
                _drops.OutOfState("COOKIE-ACK");
            return;
        }
        _init.End();
        EnterEstablished();
    }

    private void AdoptPeer(PeerParameters peer)
    {
        _peerTag = peer.Tag;
        _builder.VerificationTag = peer.Tag;
        _peerSupportsReConfig = peer.SupportsReConfig;
        _outboundStreams = Math.Min((ushort)_options.MaxStreams, peer.InboundStreams);
        _sender.AdoptPeer(peer.ReceiveWindow, peer.SupportsForwardTsn);
        _receiver.AdoptPeer(peer.InitialTsn, Math.Min((ushort)_options.MaxStreams, peer.OutboundStreams));
        _resets.AdoptPeer(peer.InitialTsn);
    }

    private void EnterEstablished()
    {
        SetState(InternalState.Established);
        // Channels opened before the association was up now send their DATA_CHANNEL_OPEN (already queued).
        OpenNegotiatedChannels();
    }

    private void OnT1Expired()
    {
        if (_init.Chunk is not { } chunk || _state is not (InternalState.CookieWait or InternalState.CookieEchoed))
            return;
        if (!_init.TryRetransmit())
        {
            Log.Failed(_logger, "no answer to INIT / COOKIE-ECHO");
            Terminate(SctpAssociationState.Failed);
            return;
        }
        SendSingle(chunk, _state == InternalState.CookieWait ? 0 : _peerTag);
        _init.StartTimer();
    }
}
