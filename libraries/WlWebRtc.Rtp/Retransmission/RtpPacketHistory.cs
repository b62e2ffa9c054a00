namespace WlWebRtc.Rtp.Retransmission;

/// <summary>
/// The packets recently sent on one stream, unprotected, for answering NACKs: a ring indexed by sequence
/// number, bounded by count (so by bytes: count x slot size) and age (the configured age, or longer when the caller
/// passes a longer one for a long round-trip time). A packet is retransmitted at most once per round-trip time. The send
/// path writes each packet straight into its slot (<see cref="GetWriteBuffer"/>) so keeping it costs no copy.
/// Not thread-safe.
/// </summary>
internal sealed class RtpPacketHistory
{
    private readonly Slot[] _slots;
    private readonly int _slotSize;
    private readonly long _maxAgeTicks;

    public RtpPacketHistory(int capacity, int slotSize, TimeSpan maxAge, long ticksPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _slots = new Slot[capacity];
        _slotSize = slotSize;
        _maxAgeTicks = (long)(maxAge.TotalSeconds * ticksPerSecond);
    }

    public int Capacity => _slots.Length;

    /// <summary>The buffer to write packet <paramref name="sequence"/> into (its previous content is forgotten).</summary>
    public Span<byte> GetWriteBuffer(ushort sequence)
    {
        ref var slot = ref _slots[sequence % _slots.Length];
        slot.Buffer ??= new byte[_slotSize];
        slot.Length = 0;
        return slot.Buffer;
    }

    /// <summary>Records that <paramref name="length"/> bytes of the slot for <paramref name="sequence"/> were sent at <paramref name="sentAt"/>.</summary>
    public void Commit(ushort sequence, int length, long sentAt)
    {
        ref var slot = ref _slots[sequence % _slots.Length];
        slot.Sequence = sequence;
        slot.Length = length;
        slot.SentAt = sentAt;
        slot.RetransmittedAt = long.MinValue;
    }

    /// <summary>
    /// The stored packet for <paramref name="sequence"/> if it is kept, younger than the maximum age, and was not
    /// retransmitted within the last <paramref name="minInterval"/> ticks; marks it as retransmitted now.
    /// </summary>
    public bool TryTakeForRetransmission(ushort sequence, long now, long minInterval, out ReadOnlySpan<byte> packet)
    {
        if (Find(sequence, now, minInterval, out packet) != RetransmissionLookup.Found)
        {
            return false;
        }

        MarkRetransmitted(sequence, now);
        return true;
    }

    /// <summary>
    /// Looks <paramref name="sequence"/> up without marking it (the caller marks it with
    /// <see cref="MarkRetransmitted"/> once it decided to send it).
    /// </summary>
    public RetransmissionLookup Find(ushort sequence, long now, long minInterval, out ReadOnlySpan<byte> packet) =>
        Find(sequence, now, minInterval, _maxAgeTicks, out packet);

    /// <summary>As <see cref="Find(ushort, long, long, out ReadOnlySpan{byte})"/>, keeping packets up to <paramref name="maxAgeTicks"/> old.</summary>
    public RetransmissionLookup Find(ushort sequence, long now, long minInterval, long maxAgeTicks, out ReadOnlySpan<byte> packet)
    {
        packet = default;
        ref var slot = ref _slots[sequence % _slots.Length];
        if (slot.Length == 0 || slot.Sequence != sequence || now - slot.SentAt > Math.Max(maxAgeTicks, _maxAgeTicks))
        {
            return RetransmissionLookup.NotFound;
        }

        if (slot.RetransmittedAt != long.MinValue && now - slot.RetransmittedAt < minInterval)
        {
            return RetransmissionLookup.TooSoon;
        }

        packet = slot.Buffer.AsSpan(0, slot.Length);
        return RetransmissionLookup.Found;
    }

    /// <summary>Records that the packet for <paramref name="sequence"/> was retransmitted at <paramref name="now"/>.</summary>
    public void MarkRetransmitted(ushort sequence, long now)
    {
        ref var slot = ref _slots[sequence % _slots.Length];
        if (slot.Sequence == sequence)
        {
            slot.RetransmittedAt = now;
        }
    }

    private struct Slot
    {
        public byte[]? Buffer;
        public int Length;
        public ushort Sequence;
        public long SentAt;
        public long RetransmittedAt;
    }
}
