using System.Buffers.Binary;
using System.Security.Cryptography;
using WlWebRtc.Sctp.Packets.Chunks;

namespace WlWebRtc.Sctp;

/// <summary>
/// The state cookie of INIT-ACK (RFC 9260 §5.1.3): the peer's INIT parameters signed with a key of this association,
/// so that no state is kept before the peer proves it received our INIT-ACK with COOKIE-ECHO.
/// Layout: timestamp(8) | peer tag(4) | peer TSN(4) | peer rwnd(4) | peer out(2) | peer in(2) | local tag(4) |
/// local TSN(4) | flags(1) | HMAC-SHA256[..16].
/// </summary>
internal sealed class StateCookie
{
    private const int BodyLength = 33;
    private const int MacLength = 16;

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly TimeProvider _time;
    private readonly TimeSpan _lifetime;
    private readonly uint _localTag;
    private readonly uint _localInitialTsn;
    private readonly DropLog _drops;

    public StateCookie(TimeProvider time, TimeSpan lifetime, uint localTag, uint localInitialTsn, DropLog drops)
    {
        _time = time;
        _lifetime = lifetime;
        _localTag = localTag;
        _localInitialTsn = localInitialTsn;
        _drops = drops;
    }

    public byte[] Make(InitChunk init)
    {
        var cookie = new byte[BodyLength + MacLength];
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
        HMACSHA256.HashData(_key, span[..BodyLength], mac);
        mac[..MacLength].CopyTo(span[BodyLength..]);
        return cookie;
    }

    /// <summary>The peer's parameters from a COOKIE-ECHO, if the cookie is ours, intact and fresh (else counted as dropped).</summary>
    public bool TryOpen(ReadOnlySpan<byte> cookie, out PeerParameters peer)
    {
        peer = default;
        if (cookie.Length != BodyLength + MacLength)
        {
            _drops.Malformed("cookie length");
            return false;
        }
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, cookie[..BodyLength], mac);
        if (!CryptographicOperations.FixedTimeEquals(mac[..MacLength], cookie[BodyLength..]))
        {
            _drops.Malformed("cookie signature");
            return false;
        }
        var age = _time.GetUtcNow().ToUnixTimeMilliseconds() - BinaryPrimitives.ReadInt64BigEndian(cookie);
        if (age < -1000 || age > (long)_lifetime.TotalMilliseconds)
        {
            _drops.OutOfState("stale cookie");
            return false;
        }
        if (BinaryPrimitives.ReadUInt32BigEndian(cookie[24..]) != _localTag)
        {
            _drops.OutOfState("cookie of another association");
            return false;
        }
        peer = new PeerParameters(
            Tag: BinaryPrimitives.ReadUInt32BigEndian(cookie[8..]),
            InitialTsn: BinaryPrimitives.ReadUInt32BigEndian(cookie[12..]),
            ReceiveWindow: BinaryPrimitives.ReadUInt32BigEndian(cookie[16..]),
            OutboundStreams: BinaryPrimitives.ReadUInt16BigEndian(cookie[20..]),
            InboundStreams: BinaryPrimitives.ReadUInt16BigEndian(cookie[22..]),
            SupportsForwardTsn: (cookie[32] & 1) != 0,
            SupportsReConfig: (cookie[32] & 2) != 0);
        return true;
    }
}
