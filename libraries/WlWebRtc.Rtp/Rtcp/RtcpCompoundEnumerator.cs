using System.Buffers.Binary;

namespace WlWebRtc.Rtp.Rtcp;

/// <summary>
/// Walks the packets of a (compound or reduced-size, RFC 5506) RTCP datagram. Each packet must be version 2
/// and fit the datagram; the first that does not ends the walk with <see cref="IsMalformed"/> set.
/// </summary>
internal ref struct RtcpCompoundEnumerator
{
    private readonly ReadOnlySpan<byte> _data;
    private int _offset;

    public RtcpCompoundEnumerator(ReadOnlySpan<byte> data)
    {
        _data = data;
        _offset = 0;
        Current = default;
        IsMalformed = data.Length < 4;
    }

    /// <summary>The current packet, header included, padding removed.</summary>
    public ReadOnlySpan<byte> Current { get; private set; }

    public byte PacketType { get; private set; }

    /// <summary>The 5-bit count/FMT field.</summary>
    public int CountOrFormat { get; private set; }

    public bool IsMalformed { get; private set; }

    public bool MoveNext()
    {
        if (IsMalformed || _offset >= _data.Length)
        {
            return false;
        }

        var rest = _data[_offset..];
        if (rest.Length < 4 || (rest[0] >> 6) != 2)
        {
            IsMalformed = true;
            return false;
        }

        var length = (BinaryPrimitives.ReadUInt16BigEndian(rest.Slice(2, 2)) + 1) * 4;
        if (length > rest.Length)
        {
            IsMalformed = true;
            return false;
        }

        var packet = rest[..length];
        if ((rest[0] & 0x20) != 0)
        {
            var padding = packet[^1];
            if (padding == 0 || padding > length - 4)
            {
                IsMalformed = true;
                return false;
            }

            packet = packet[..(length - padding)];
        }

        Current = packet;
        PacketType = rest[1];
        CountOrFormat = rest[0] & 0x1F;
        _offset += length;
        return true;
    }
}
