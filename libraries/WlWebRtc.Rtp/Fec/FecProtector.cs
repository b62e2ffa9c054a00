namespace WlWebRtc.Rtp.Fec;

/// <summary>
/// Collects the media packets of one group (a frame, or <see cref="UlpfecWriter.MaxProtectedPackets"/> packets of a
/// larger one) and writes the group's FEC packets: with k packets and protection p, m = ceil(k·p) FEC packets, FEC
/// packet j protecting every packet i with i mod m = j (interleaved, so that one loss in each of m consecutive packets
/// is repaired: random loss, not bursts). One per viewer, used under the sender's lock.
/// </summary>
public sealed class FecProtector
{
    private readonly byte[][] _packets;
    private readonly int[] _lengths;
    private readonly List<ReadOnlyMemory<byte>> _selection = new(UlpfecWriter.MaxProtectedPackets);

    public FecProtector(int maxPacketLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPacketLength, Packets.RtpHeader.FixedLength);
        MaxPacketLength = maxPacketLength;
        _packets = new byte[UlpfecWriter.MaxProtectedPackets][];
        _lengths = new int[UlpfecWriter.MaxProtectedPackets];
        for (var i = 0; i < _packets.Length; i++)
        {
            _packets[i] = new byte[maxPacketLength];
        }
    }

    /// <summary>The longest media packet it protects.</summary>
    public int MaxPacketLength { get; }

    /// <summary>Media packets collected since the last <see cref="Clear"/>.</summary>
    public int Count { get; private set; }

    /// <summary>True when no more packets fit the group: write its FEC now.</summary>
    public bool IsFull => Count == UlpfecWriter.MaxProtectedPackets;

    /// <summary>The longest ULPFEC payload <see cref="WriteFec"/> can write.</summary>
    public int MaxFecLength => UlpfecWriter.Length(MaxPacketLength, longMask: true);

    /// <summary>FEC packets for a group of <paramref name="packets"/> media packets at protection <paramref name="protection"/> (0..1).</summary>
    public static int FecPacketCount(int packets, double protection) =>
        packets == 0 || protection <= 0 ? 0 : Math.Clamp((int)Math.Ceiling(packets * Math.Min(protection, 1.0)), 1, packets);

    /// <summary>Keeps a copy of a media packet as sent (before RED: the packet the receiver rebuilds).</summary>
    public void Add(ReadOnlySpan<byte> packet)
    {
        if (IsFull)
        {
            throw new InvalidOperationException("The FEC group is full: write its FEC packets first.");
        }

        if (packet.Length > MaxPacketLength)
        {
            throw new ArgumentException($"A {packet.Length}-byte packet is longer than the {MaxPacketLength} bytes FEC protects.", nameof(packet));
        }

        packet.CopyTo(_packets[Count]);
        _lengths[Count] = packet.Length;
        Count++;
    }

    /// <summary>Writes the ULPFEC payload of FEC packet <paramref name="index"/> of <paramref name="fecCount"/>; returns its length.</summary>
    public int WriteFec(int index, int fecCount, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, fecCount);
        _selection.Clear();
        for (var i = index; i < Count; i += fecCount)
        {
            _selection.Add(_packets[i].AsMemory(0, _lengths[i]));
        }

        return UlpfecWriter.Write(_selection, destination);
    }

    /// <summary>Starts the next group.</summary>
    public void Clear() => Count = 0;
}
