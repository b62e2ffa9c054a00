namespace WlWebRtc.FFmpeg.Bitstream;

/// <summary>One NAL unit inside an Annex B byte stream: its type and where its bytes are (header included).</summary>
public readonly record struct NalUnit(int Type, int Offset, int Length);

/// <summary>Splits an H.264 Annex B byte stream (00 00 01 / 00 00 00 01 start codes) into NAL units.</summary>
public static class AnnexB
{
    public const int Sps = 7;
    public const int Pps = 8;
    public const int IdrSlice = 5;
    public const int NonIdrSlice = 1;

    public static IReadOnlyList<NalUnit> Split(ReadOnlySpan<byte> stream)
    {
        var units = new List<NalUnit>();
        var start = -1;
        var i = 0;
        while (i + 2 < stream.Length)
        {
            if (stream[i] == 0 && stream[i + 1] == 0 && stream[i + 2] == 1)
            {
                if (start >= 0)
                {
                    Add(units, stream, start, TrimZeros(stream, start, i));
                }

                start = i + 3;
                i += 3;
            }
            else
            {
                i++;
            }
        }

        if (start >= 0)
        {
            Add(units, stream, start, stream.Length);
        }

        return units;
    }

    /// <summary>Whether the access unit holds an IDR slice preceded by an SPS and a PPS.</summary>
    public static bool IsIdrWithParameterSets(ReadOnlySpan<byte> accessUnit)
    {
        var units = (List<NalUnit>)Split(accessUnit);
        var sps = units.FindIndex(u => u.Type == Sps);
        var pps = units.FindIndex(u => u.Type == Pps);
        var idr = units.FindIndex(u => u.Type == IdrSlice);
        return sps >= 0 && pps >= 0 && idr > sps && idr > pps;
    }

    private static int TrimZeros(ReadOnlySpan<byte> stream, int start, int end)
    {
        while (end > start && stream[end - 1] == 0)
        {
            end--;
        }

        return end;
    }

    private static void Add(List<NalUnit> units, ReadOnlySpan<byte> stream, int start, int end)
    {
        if (end > start)
        {
            units.Add(new NalUnit(stream[start] & 0x1f, start, end - start));
        }
    }
}
