namespace WlWebRtc.FFmpeg.Bitstream;

/// <summary>Reads bits and Exp-Golomb codes from an RBSP (emulation prevention bytes already removed).</summary>
internal ref struct BitReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    public int BitsLeft => (_data.Length * 8) - _position;

    public uint Bits(int count, string field)
    {
        if (count > BitsLeft)
        {
            throw new H264BitstreamException($"SPS ends inside {field} (bit {_position} of {_data.Length * 8})");
        }

        uint value = 0;
        for (var i = 0; i < count; i++)
        {
            value = (value << 1) | (uint)((_data[_position >> 3] >> (7 - (_position & 7))) & 1);
            _position++;
        }

        return value;
    }

    public bool Flag(string field) => Bits(1, field) != 0;

    /// <summary>ue(v).</summary>
    public uint Unsigned(string field)
    {
        var zeros = 0;
        while (Bits(1, field) == 0)
        {
            if (++zeros > 31)
            {
                throw new H264BitstreamException($"{field}: Exp-Golomb code longer than 32 bits");
            }
        }

        return zeros == 0 ? 0 : (uint)(((1UL << zeros) - 1) + Bits(zeros, field));
    }

    /// <summary>se(v).</summary>
    public int Signed(string field)
    {
        var code = Unsigned(field);
        return (code & 1) != 0 ? (int)((code + 1) / 2) : -(int)(code / 2);
    }
}
