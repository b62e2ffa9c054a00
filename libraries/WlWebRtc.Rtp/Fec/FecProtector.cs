namespace WlWebRtc.Rtp.Fec;

/// <summary>
/// Collects the media packets of one frame and writes its FEC packets after the frame's last packet: with k packets
/// and protection p, m = ceil(k·p) FEC packets, FEC packet j protecting every packet i with i mod m = j (interleaved,
/// so that one loss in each of m consecutive packets is repaired: random loss, not bursts). A frame longer than
/// <see cref="UlpfecWriter.MaxProtectedPackets"/> keeps its last packets only: FEC never goes out in the middle of a
/// frame (a sequence number there that is no media splits the frame for an H.264 receiver such as Chromium's, which
/// then holds every later delta frame until a keyframe), and a receiver keeps only its last 48 media packets to
/// repair from (Chromium's ULPFEC receiver), so FEC for earlier packets of a long frame would arrive too late anyway.
/// One per viewer, used under the sender's lock.
/// </summary>
public sealed class FecProtector
{
    private readonly byte[][] _packets;
    private readonly int[] _lengths;
    private readonly List<ReadOnlyMemory<byte>> _selection = new(UlpfecWriter.MaxProtectedPackets);

    /// <summary>The slot of the oldest packet kept (the window is a ring once full).</summary>
    private int _first;

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

    /// <summary>Media packets kept since the last <see cref="Clear"/> (at most <see cref="UlpfecWriter.MaxProtectedPackets"/>).</summary>
    public int Count { get; private set; }

    /// <summary>Media packets added since the last <see cref="Clear"/> that are no longer kept (the front of a long frame).</summary>
    public int Dropped { get; private set; }

    /// <summary>The longest ULPFEC payload <see cref="WriteFec"/> can write.</summary>
    public int MaxFecLength => UlpfecWriter.Length(MaxPacketLength, longMask: true);

    /// <summary>FEC packets for a group of <paramref name="packets"/> media packets at protection <paramref name="protection"/> (0..1).</summary>
    public static int FecPacketCount(int packets, double protection) =>
        packets == 0 || protection <= 0 ? 0 : Math.Clamp((int)Math.Ceiling(packets * Math.Min(protection, 1.0)), 1, packets);

    /// <summary>
    /// Keeps a copy of a media packet as sent (before RED: the packet the receiver rebuilds); with
    /// <see cref="UlpfecWriter.MaxProtectedPackets"/> kept already, the oldest makes room. The packets of one group
    /// must have consecutive sequence numbers (one frame's media).
    /// </summary>
    public void Add(ReadOnlySpan<byte> packet)
    {
        if (packet.Length > MaxPacketLength)
        {
            throw new ArgumentException($"A {packet.Length}-byte packet is longer than the {MaxPacketLength} bytes FEC protects.", nameof(packet));
        }

        int slot;
        if (Count == _packets.Length)
        {
            slot = _first;
            _first = (_first + 1) % _packets.Length;
            Dropped++;
        }
        else
        {
            slot = (_first + Count) % _packets.Length;
            Count++;
        }

        packet.CopyTo(_packets[slot]);
        _lengths[slot] = packet.Length;
    }

    /// <summary>Writes the ULPFEC payload of FEC packet <paramref name="index"/> of <paramref name="fecCount"/>; returns its length.</summary>
    public int WriteFec(int index, int fecCount, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, fecCount);
        _selection.Clear();
        for (var i = index; i < Count; i += fecCount)
        {
            var slot = (_first + i) % _packets.Length;
            _selection.Add(_packets[slot].AsMemory(0, _lengths[slot]));
        }

        return UlpfecWriter.Write(_selection, destination);
    }

    /// <summary>Starts the next group.</summary>
    public void Clear()
    {
        Count = 0;
        Dropped = 0;
        _first = 0;
    }
}
