using System.Buffers.Binary;
using System.Security.Cryptography;
using WlWebRtc.Rtp.Packets;
using WlWebRtc.Rtp.Sending;

namespace WlWebRtc.Rtp.Retransmission;

/// <summary>
/// The history of the media packets sent and their retransmission on request: over RTX (RFC 4588) when
/// negotiated, else as the original packet. A packet is resent at most once per interval the caller gives, and
/// retransmitted bytes stay within the <see cref="RetransmissionBudget"/>. Used under the sender's send lock.
/// </summary>
internal sealed class RtxRetransmitter
{
    /// <summary>Bytes an RTX packet adds to the original: the original sequence number.</summary>
    public const int RtxHeaderExtra = 2;

    private readonly RtpPacketHistory _history;
    private readonly RetransmissionBudget _budget;
    private readonly RtpHeaderBuilder _headers;
    private readonly uint? _rtxSsrc;
    private readonly byte? _rtxPayloadType;
    private readonly byte[] _scratch;
    private ushort _rtxSequence;

    public RtxRetransmitter(RtpVideoSenderOptions options, RtpHeaderBuilder headers, int maxPacketLength, long ticksPerSecond)
    {
        _headers = headers;
        _rtxSsrc = options.RtxSsrc;
        _rtxPayloadType = options.RtxPayloadType;
        _history = new RtpPacketHistory(options.HistoryPackets, maxPacketLength, options.HistoryMaxAge, ticksPerSecond);
        _budget = new RetransmissionBudget(options.RetransmissionBudgetFraction, options.RetransmissionBurstBytes, ticksPerSecond);
        _scratch = new byte[maxPacketLength];
        _rtxSequence = (ushort)RandomNumberGenerator.GetInt32(ushort.MaxValue);
    }

    public long PacketsRetransmitted { get; private set; }

    /// <summary>The most media bytes per second the retransmission budget is a fraction of (see <see cref="RetransmissionBudget.MaxMediaBytes"/>).</summary>
    public long MaxBudgetMediaBytes
    {
        get => _budget.MaxMediaBytes;
        set => _budget.MaxMediaBytes = value;
    }

    public long BytesRetransmitted { get; private set; }

    /// <summary>Retransmissions refused because the budget was spent.</summary>
    public long OverBudget { get; private set; }

    /// <summary>Requests for a packet resent less than an interval ago.</summary>
    public long Repeated { get; private set; }

    /// <summary>Where the media packet with <paramref name="sequence"/> is written, straight into the history.</summary>
    public Span<byte> GetWriteBuffer(ushort sequence) => _history.GetWriteBuffer(sequence);

    /// <summary>Keeps the packet written into <see cref="GetWriteBuffer"/> for retransmission.</summary>
    public void OnMediaWritten(ushort sequence, int length, long now) => _history.Commit(sequence, length, now);

    /// <summary>Counts the sent bytes of a media packet: the budget is a fraction of them.</summary>
    public void OnMediaSent(int bytesSent, long now) => _budget.OnMediaSent(bytesSent, now);

    /// <summary>
    /// The packet that answers a NACK of <paramref name="sequence"/>, or false when it is gone from the history, was
    /// resent less than <paramref name="minInterval"/> ticks ago, or does not fit the budget
    /// (<paramref name="protectionOverhead"/> is what SRTP adds).
    /// </summary>
    public bool TryBuild(ushort sequence, long now, long minInterval, int protectionOverhead, out ReadOnlySpan<byte> packet) =>
        TryBuild(sequence, now, minInterval, 0, protectionOverhead, out packet, out _);

    /// <summary>
    /// As <see cref="TryBuild(ushort, long, long, int, out ReadOnlySpan{byte})"/>, keeping packets up to
    /// <paramref name="maxAgeTicks"/> old (at least the configured age); <paramref name="lookup"/> says whether the
    /// packet was still kept at all.
    /// </summary>
    public bool TryBuild(ushort sequence, long now, long minInterval, long maxAgeTicks, int protectionOverhead, out ReadOnlySpan<byte> packet, out RetransmissionLookup lookup)
    {
        packet = default;
        lookup = _history.Find(sequence, now, minInterval, maxAgeTicks, out var original);
        if (lookup == RetransmissionLookup.TooSoon)
        {
            Repeated++;
            return false;
        }

        if (lookup != RetransmissionLookup.Found || !RtpHeader.TryParse(original, out var header))
        {
            return false;
        }

        var rtx = _rtxSsrc.HasValue;
        if (!_budget.TryRetransmit(original.Length + (rtx ? RtxHeaderExtra : 0) + protectionOverhead, now))
        {
            OverBudget++;
            return false;
        }

        _history.MarkRetransmitted(sequence, now);
        packet = BuildCopy(sequence, original, header, now);
        return true;
    }

    /// <summary>
    /// A second copy of a packet just retransmitted (<see cref="TryBuild(ushort, long, long, long, int, out ReadOnlySpan{byte}, out RetransmissionLookup)"/>),
    /// over RTX only (its own RTX sequence number: the same datagram twice would be an SRTP replay), within the budget.
    /// </summary>
    public bool TryBuildDuplicate(ushort sequence, long now, int protectionOverhead, out ReadOnlySpan<byte> packet)
    {
        packet = default;
        if (_rtxSsrc is null
            || _history.Find(sequence, now, 0, out var original) != RetransmissionLookup.Found
            || !RtpHeader.TryParse(original, out var header))
        {
            return false;
        }

        if (!_budget.TryRetransmit(original.Length + RtxHeaderExtra + protectionOverhead, now))
        {
            OverBudget++;
            return false;
        }

        packet = BuildCopy(sequence, original, header, now);
        return true;
    }

    /// <summary>
    /// Probe padding: the kept packet <paramref name="sequence"/> again over RTX, outside the retransmission budget and
    /// without marking it retransmitted (the viewer drops it as a duplicate; its feedback measures the path). False
    /// without RTX or when the packet is gone.
    /// </summary>
    public bool TryBuildPadding(ushort sequence, long now, out ReadOnlySpan<byte> packet)
    {
        packet = default;
        if (_rtxSsrc is null
            || _history.Find(sequence, now, 0, out var original) != RetransmissionLookup.Found
            || !RtpHeader.TryParse(original, out var header))
        {
            return false;
        }

        packet = BuildCopy(sequence, original, header, now);
        return true;
    }

    /// <summary>Counts probe padding built by <see cref="TryBuildPadding"/> once it was sent.</summary>
    public void OnPaddingSent(int bytesSent)
    {
        PaddingBytes += bytesSent;
        PaddingPackets++;
    }

    /// <summary>Probe padding packets sent.</summary>
    public long PaddingPackets { get; private set; }

    /// <summary>Probe padding bytes sent.</summary>
    public long PaddingBytes { get; private set; }

    private ReadOnlySpan<byte> BuildCopy(ushort sequence, ReadOnlySpan<byte> original, RtpHeader header, long now)
    {
        var payload = original.Slice(header.HeaderLength, header.PayloadLength);
        var buffer = _scratch.AsSpan();
        int length;
        if (_rtxSsrc is { } rtxSsrc && _rtxPayloadType is { } rtxPayloadType)
        {
            // RFC 4588: own SSRC and sequence, the original sequence number (OSN) first in the payload.
            var headerLength = _headers.Write(buffer, header.Marker, rtxPayloadType, _rtxSequence++, header.Timestamp, rtxSsrc, now);
            BinaryPrimitives.WriteUInt16BigEndian(buffer[headerLength..], sequence);
            payload.CopyTo(buffer[(headerLength + RtxHeaderExtra)..]);
            length = headerLength + RtxHeaderExtra + payload.Length;
        }
        else
        {
            var headerLength = _headers.Write(buffer, header.Marker, header.PayloadType, sequence, header.Timestamp, header.Ssrc, now);
            payload.CopyTo(buffer[headerLength..]);
            length = headerLength + payload.Length;
        }

        return buffer[..length];
    }

    /// <summary>
    /// An empty retransmission of <paramref name="sequence"/> (a packet not kept, e.g. FEC) over RTX: its original
    /// sequence number and nothing else, which a receiver takes as padding (the sequence number is accounted for,
    /// nothing to decode). False without RTX (the sequence number again on the media SSRC with other content would
    /// reuse its SRTP keystream) or when it does not fit the budget.
    /// </summary>
    public bool TryBuildEmpty(ushort sequence, uint timestamp, long now, int protectionOverhead, out ReadOnlySpan<byte> packet)
    {
        packet = default;
        if (_rtxSsrc is not { } rtxSsrc || _rtxPayloadType is not { } rtxPayloadType)
        {
            return false;
        }

        // Checked before the header is written: writing it takes a transport-wide sequence number, which must be sent.
        if (!_budget.TryRetransmit(RtpHeaderBuilder.MaxHeaderLength + RtxHeaderExtra + protectionOverhead, now))
        {
            OverBudget++;
            return false;
        }

        var buffer = _scratch.AsSpan();
        var headerLength = _headers.Write(buffer, false, rtxPayloadType, _rtxSequence++, timestamp, rtxSsrc, now);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[headerLength..], sequence);
        packet = buffer[..(headerLength + RtxHeaderExtra)];
        return true;
    }

    /// <summary>Counts a retransmission built by <see cref="TryBuild"/> once it was sent.</summary>
    public void OnRetransmitted(int bytesSent)
    {
        BytesRetransmitted += bytesSent;
        PacketsRetransmitted++;
    }
}
