using System.Buffers.Binary;
using System.Security.Cryptography;
using WlWebRtc.Sctp.Packets;
using WlWebRtc.Sctp.Packets.Chunks;

namespace WlWebRtc.Sctp;

public sealed partial class SctpAssociation
{
    private const int CookieBodyLength = 33;
    private const int CookieMacLength = 16;
    private static readonly byte[] OurExtensions = [(byte)ChunkType.ReConfig, (byte)ChunkType.ForwardTsn];

    private IChunk? _t1Chunk;
    private int _t1Retransmissions;
    private TimeSpan _t1Rto;

    private void StartCore()
    {
        lock (_lock)
        {
            if (_started || _terminated || _disposed)
                return;
            _started = true;
            if (_state == InternalState.Closed)
            {
                _t1Chunk = BuildInit(isAck: false, cookie: default);
                _t1Rto = _options.RtoInitial;
                _t1Retransmissions = 0;
                SendSingle(_t1Chunk, 0);
                _t1.Start(_t1Rto);
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
        var cookie = MakeCookie(init);
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
        AdoptPeer(ack.InitiateTag, ack.InitialTsn, ack.ARwnd, ack.OutboundStreams, ack.InboundStreams, ack.SupportsForwardTsn, ack.SupportsReConfig);
        _t1.Stop();
        _t1Chunk = new SimpleChunk(ChunkType.CookieEcho, 0, ack.StateCookie);
        _t1Retransmissions = 0;
        SendSingle(_t1Chunk, _peerTag);
        _t1.Start(_t1Rto);
        SetState(InternalState.CookieEchoed);
    }

    private void HandleCookieEcho(ReadOnlySpan<byte> value)
    {
        if (!TryOpenCookie(value, out var peerTag, out var peerTsn, out var peerRwnd, out var peerOut, out var peerIn, out var fwd, out var reconfig))
            return;
        if (IsUp)
        {
            if (peerTag == _peerTag)
                SendSingle(SimpleChunk.Empty(ChunkType.CookieAck), _peerTag); // RFC 9260 §5.2.4 case D: our COOKIE-ACK was lost.
            else
                _drops.OutOfState("COOKIE-ECHO of a restarted peer");
            return;
        }
        AdoptPeer(peerTag, peerTsn, peerRwnd, peerOut, peerIn, fwd, reconfig);
        _t1.Stop();
        _t1Chunk = null;
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
        _t1.Stop();
        _t1Chunk = null;
        EnterEstablished();
    }

    private void AdoptPeer(uint tag, uint initialTsn, uint rwnd, ushort peerOutbound, ushort peerInbound, bool forwardTsn, bool reconfig)
    {
        _peerTag = tag;
        _builder.VerificationTag = tag;
        _peerSupportsReConfig = reconfig;
        _outboundStreams = Math.Min((ushort)_options.MaxStreams, peerInbound);
        _sender.AdoptPeer(rwnd, forwardTsn);
        _receiver.AdoptPeer(initialTsn, Math.Min((ushort)_options.MaxStreams, peerOutbound));
        _resets.AdoptPeer(initialTsn);
    }

    private void EnterEstablished()
    {
        SetState(InternalState.Established);
        // Channels opened before the association was up now send their DATA_CHANNEL_OPEN (already queued).
        OpenNegotiatedChannels();
    }

    private void OnT1Expired()
    {
        if (_t1Chunk is null || _state is not (InternalState.CookieWait or InternalState.CookieEchoed))
            return;
        if (++_t1Retransmissions > _options.MaxInitRetransmissions)
        {
            Log.Failed(_logger, "no answer to INIT / COOKIE-ECHO");
            Terminate(SctpAssociationState.Failed);
            return;
        }
        _t1Rto = TimeSpan.FromTicks(Math.Min(_t1Rto.Ticks * 2, _options.RtoMax.Ticks));
        SendSingle(_t1Chunk, _state == InternalState.CookieWait ? 0 : _peerTag);
        _t1.Start(_t1Rto);
    }

    // Cookie: timestamp(8) | peer tag(4) | peer TSN(4) | peer rwnd(4) | peer out(2) | peer in(2) | local tag(4) | local TSN(4) | flags(1) | HMAC-SHA256[..16]
    private byte[] MakeCookie(InitChunk init)
    {
        var cookie = new byte[CookieBodyLength + CookieMacLength];
        var span = cookie.AsSpan();
        BinaryPrimitives.WriteInt64BigEndian(span, _time.GetUtcNow().ToUnixTimeMilliseconds());
        BinaryPrimitives.WriteUInt32BigEndian(span[8..], init.InitiateTag);
        BinaryPrimitives.WriteUInt32BigEndian(span[12..], init.InitialTsn);
        BinaryPrimitives.WriteUInt32BigEndian(span[16..], init.ARwnd);
        BinaryPrimitives.WriteUInt16BigEndian(span[20..], init.OutboundStreams);
        BinaryPrimitives.WriteUInt16BigEndian(span[22..], init.InboundStreams);
        BinaryPrimitives.WriteUInt32BigEndian(span[24..], _localTag);
        BinaryPrimitives.WriteUInt32BigEndian(span[28..], _localInitialTsn);
        span[32] = (byte)((init.SupportsForwardTsn ? 1 : 0) | (init.SupportsReConfig ? 2 : 0));
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_cookieKey, span[..CookieBodyLength], mac);
        mac[..CookieMacLength].CopyTo(span[CookieBodyLength..]);
        return cookie;
    }

    private bool TryOpenCookie(ReadOnlySpan<byte> cookie, out uint peerTag, out uint peerTsn, out uint peerRwnd, out ushort peerOut, out ushort peerIn, out bool forwardTsn, out bool reconfig)
    {
        peerTag = peerTsn = peerRwnd = 0;
        peerOut = peerIn = 0;
        forwardTsn = reconfig = false;
        if (cookie.Length != CookieBodyLength + CookieMacLength)
        {
            _drops.Malformed("cookie length");
            return false;
        }
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_cookieKey, cookie[..CookieBodyLength], mac);
        if (!CryptographicOperations.FixedTimeEquals(mac[..CookieMacLength], cookie[CookieBodyLength..]))
        {
            _drops.Malformed("cookie signature");
            return false;
        }
        var age = _time.GetUtcNow().ToUnixTimeMilliseconds() - BinaryPrimitives.ReadInt64BigEndian(cookie);
        if (age < -1000 || age > (long)_options.CookieLifetime.TotalMilliseconds)
        {
            _drops.OutOfState("stale cookie");
            return false;
        }
        if (BinaryPrimitives.ReadUInt32BigEndian(cookie[24..]) != _localTag)
        {
            _drops.OutOfState("cookie of another association");
            return false;
        }
        peerTag = BinaryPrimitives.ReadUInt32BigEndian(cookie[8..]);
        peerTsn = BinaryPrimitives.ReadUInt32BigEndian(cookie[12..]);
        peerRwnd = BinaryPrimitives.ReadUInt32BigEndian(cookie[16..]);
        peerOut = BinaryPrimitives.ReadUInt16BigEndian(cookie[20..]);
        peerIn = BinaryPrimitives.ReadUInt16BigEndian(cookie[22..]);
        forwardTsn = (cookie[32] & 1) != 0;
        reconfig = (cookie[32] & 2) != 0;
        return true;
    }
}
