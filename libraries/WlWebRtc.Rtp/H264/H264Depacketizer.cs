namespace WlWebRtc.Rtp.H264;

/// <summary>
/// Rebuilds Annex B access units from RFC 6184 payloads (single NAL, STAP-A, FU-A), for tests and for
/// checking our own output. Call <see cref="Push"/> in sequence order; a frame ends at the marker bit.
/// </summary>
internal sealed class H264Depacketizer
{
    private readonly List<byte> _frame = [];
    private bool _inFragment;
    private bool _broken;

    /// <summary>Adds one payload; returns false if it is malformed (the frame is then discarded at its end).</summary>
    public bool Push(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty)
        {
            _broken = true;
            return false;
        }

        var type = payload[0] & 0x1F;
        switch (type)
        {
            case >= 1 and <= 23:
                AppendNal(payload);
                return true;
            case 24:
                var position = 1;
                while (position < payload.Length)
                {
                    if (position + 2 > payload.Length)
                    {
                        _broken = true;
                        return false;
                    }

                    var size = (payload[position] << 8) | payload[position + 1];
                    position += 2;
                    if (size == 0 || position + size > payload.Length)
                    {
                        _broken = true;
                        return false;
                    }

                    AppendNal(payload.Slice(position, size));
                    position += size;
                }

                return true;
            case 28:
                if (payload.Length < 3)
                {
                    _broken = true;
                    return false;
                }

                var start = (payload[1] & 0x80) != 0;
                var end = (payload[1] & 0x40) != 0;
                if (start)
                {
                    _frame.AddRange([0, 0, 0, 1, (byte)((payload[0] & 0xE0) | (payload[1] & 0x1F))]);
                    _inFragment = true;
                }
                else if (!_inFragment)
                {
                    _broken = true;
                    return false;
                }

                _frame.AddRange(payload[2..]);
                if (end)
                {
                    _inFragment = false;
                }

                return true;
            default:
                _broken = true;
                return false;
        }
    }

    /// <summary>Ends the frame (marker bit seen); returns it, or null if a part was missing or malformed.</summary>
    public byte[]? EndFrame()
    {
        var result = _broken || _inFragment ? null : _frame.ToArray();
        _frame.Clear();
        _broken = false;
        _inFragment = false;
        return result;
    }

    private void AppendNal(ReadOnlySpan<byte> nal)
    {
        _frame.AddRange([0, 0, 0, 1]);
        _frame.AddRange(nal);
    }
}
