namespace WlWebRtc.Rtp.H264;

/// <summary>
/// How one H.264 access unit is cut into RTP payloads (RFC 6184, packetization-mode 1): SPS and PPS
/// aggregated into a STAP-A, other NAL units as single NAL unit packets, FU-A above the payload limit.
/// Built once per frame and shared by every viewer: it holds only offsets into the access unit, and each
/// viewer writes its packets straight from the access unit's memory (<see cref="WritePayload"/>).
/// Reusable: <see cref="Build"/> clears it. Access unit delimiters (type 9) are dropped.
/// </summary>
public sealed class H264PacketPlan
{
    private const byte StapAType = 24;
    private const byte FuAType = 28;

    private readonly List<Descriptor> _packets = new(64);
    private readonly List<(int Offset, int Length)> _nals = new(16);

    /// <summary>Creates an empty plan for payloads of at most <paramref name="maxPayloadSize"/> bytes.</summary>
    public H264PacketPlan(int maxPayloadSize = 1200)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPayloadSize, 16);
        MaxPayloadSize = maxPayloadSize;
    }

    /// <summary>The payload limit the plan was made for.</summary>
    public int MaxPayloadSize { get; }

    /// <summary>Packets in the current frame.</summary>
    public int PacketCount => _packets.Count;

    /// <summary>Whether the frame has an IDR slice (NAL type 5).</summary>
    public bool ContainsIdr { get; private set; }

    /// <summary>Whether the frame carries SPS and PPS.</summary>
    public bool ContainsParameterSets { get; private set; }

    /// <summary>Total payload bytes of all packets.</summary>
    public int TotalPayloadBytes { get; private set; }

    /// <summary>Plans the packets of an Annex B access unit. The same bytes must later go to <see cref="WritePayload"/>.</summary>
    public void Build(ReadOnlySpan<byte> accessUnit)
    {
        _packets.Clear();
        _nals.Clear();
        ContainsIdr = false;
        ContainsParameterSets = false;
        TotalPayloadBytes = 0;
        var nals = _nals;
        AnnexBReader.ForEachNal(accessUnit, ref nals, static (ref List<(int, int)> list, int offset, int length) => list.Add((offset, length)));

        var hasSps = false;
        var hasPps = false;
        foreach (var (offset, _) in _nals)
        {
            var type = accessUnit[offset] & 0x1F;
            hasSps |= type == 7;
            hasPps |= type == 8;
            ContainsIdr |= type == 5;
        }

        var i = 0;
        while (i < _nals.Count)
        {
            var (offset, length) = _nals[i];
            var type = accessUnit[offset] & 0x1F;
            if (type == 9)
            {
                i++;
                continue;
            }

            // Aggregate a run of parameter sets (and any small NALs right after them) that fits one packet.
            if (type is 7 or 8)
            {
                var size = 1 + 2 + length;
                var count = 1;
                while (i + count < _nals.Count)
                {
                    var (nextOffset, nextLength) = _nals[i + count];
                    var nextType = accessUnit[nextOffset] & 0x1F;
                    if (nextType is not (7 or 8) || size + 2 + nextLength > MaxPayloadSize)
                    {
                        break;
                    }

                    size += 2 + nextLength;
                    count++;
                }

                if (count > 1)
                {
                    byte nri = 0;
                    byte forbidden = 0;
                    for (var k = 0; k < count; k++)
                    {
                        var header = accessUnit[_nals[i + k].Offset];
                        nri = Math.Max(nri, (byte)(header & 0x60));
                        forbidden |= (byte)(header & 0x80);
                    }

                    _packets.Add(new Descriptor(PacketKind.StapA, i, count, size, (byte)(forbidden | nri | StapAType), 0));
                    TotalPayloadBytes += size;
                    i += count;
                    continue;
                }
            }

            if (length <= MaxPayloadSize)
            {
                _packets.Add(new Descriptor(PacketKind.Single, offset, length, length, 0, 0));
                TotalPayloadBytes += length;
            }
            else
            {
                AddFragments(accessUnit[offset], offset, length);
            }

            i++;
        }

        ContainsParameterSets = hasSps && hasPps;
    }

    /// <summary>Writes packet <paramref name="index"/>'s payload from <paramref name="accessUnit"/>; returns its length.</summary>
    public int WritePayload(int index, ReadOnlySpan<byte> accessUnit, Span<byte> destination)
    {
        var packet = _packets[index];
        switch (packet.Kind)
        {
            case PacketKind.Single:
                accessUnit.Slice(packet.Offset, packet.Length).CopyTo(destination);
                return packet.Length;
            case PacketKind.StapA:
                destination[0] = packet.Header0;
                var position = 1;
                for (var k = 0; k < packet.Length; k++)
                {
                    var (offset, length) = _nals[packet.Offset + k];
                    destination[position] = (byte)(length >> 8);
                    destination[position + 1] = (byte)length;
                    accessUnit.Slice(offset, length).CopyTo(destination[(position + 2)..]);
                    position += 2 + length;
                }

                return position;
            default:
                destination[0] = packet.Header0;
                destination[1] = packet.Header1;
                accessUnit.Slice(packet.Offset, packet.Length).CopyTo(destination[2..]);
                return 2 + packet.Length;
        }
    }

    /// <summary>Payload length of packet <paramref name="index"/>.</summary>
    public int GetPayloadLength(int index) => _packets[index].PayloadLength;

    private void AddFragments(byte nalHeader, int offset, int length)
    {
        var indicator = (byte)((nalHeader & 0xE0) | FuAType);
        var type = (byte)(nalHeader & 0x1F);
        var body = length - 1;
        var room = MaxPayloadSize - 2;
        var count = (body + room - 1) / room;

        // Equal-sized fragments: no small runt packet at the end.
        var fragment = (body + count - 1) / count;
        var position = offset + 1;
        var end = offset + length;
        while (position < end)
        {
            var size = Math.Min(fragment, end - position);
            var header = type;
            if (position == offset + 1)
            {
                header |= 0x80;
            }

            if (position + size == end)
            {
                header |= 0x40;
            }

            _packets.Add(new Descriptor(PacketKind.FuA, position, size, size + 2, indicator, header));
            TotalPayloadBytes += size + 2;
            position += size;
        }
    }

    private enum PacketKind : byte
    {
        Single,
        StapA,
        FuA,
    }

    /// <summary>Single: Offset/Length of the NAL. StapA: Offset = first NAL index, Length = NAL count. FuA: the fragment.</summary>
    private readonly record struct Descriptor(PacketKind Kind, int Offset, int Length, int PayloadLength, byte Header0, byte Header1);
}
