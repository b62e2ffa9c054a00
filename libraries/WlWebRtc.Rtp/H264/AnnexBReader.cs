namespace WlWebRtc.Rtp.H264;

/// <summary>Finds NAL units in an Annex B byte stream (start codes 00 00 01 or 00 00 00 01).</summary>
internal static class AnnexBReader
{
    /// <summary>Calls <paramref name="onNal"/> with the offset and length of each NAL (trailing zero bytes trimmed).</summary>
    public static void ForEachNal<TState>(ReadOnlySpan<byte> stream, ref TState state, NalVisitor<TState> onNal)
    {
        var start = FindStartCode(stream, 0, out var codeLength);
        if (start < 0)
        {
            // No start code: treat the whole buffer as one NAL.
            var whole = TrimmedLength(stream);
            if (whole > 0)
            {
                onNal(ref state, 0, whole);
            }

            return;
        }

        var nalStart = start + codeLength;
        while (nalStart < stream.Length)
        {
            var next = FindStartCode(stream, nalStart, out codeLength);
            var end = next < 0 ? stream.Length : next;
            var length = TrimmedLength(stream[nalStart..end]);
            if (length > 0)
            {
                onNal(ref state, nalStart, length);
            }

            if (next < 0)
            {
                break;
            }

            nalStart = next + codeLength;
        }
    }

    private static int TrimmedLength(ReadOnlySpan<byte> nal)
    {
        var length = nal.Length;
        while (length > 0 && nal[length - 1] == 0)
        {
            length--;
        }

        return length;
    }

    /// <summary>Offset of the next 00 00 01 (or 00 00 00 01, whose offset is that of the first zero) at or after <paramref name="from"/>.</summary>
    private static int FindStartCode(ReadOnlySpan<byte> stream, int from, out int codeLength)
    {
        codeLength = 0;
        var i = from;
        while (i + 3 <= stream.Length)
        {
            var found = stream[i..].IndexOf((byte)1);
            if (found < 0)
            {
                return -1;
            }

            var one = i + found;
            if (one - from >= 2 && stream[one - 1] == 0 && stream[one - 2] == 0)
            {
                if (one - from >= 3 && stream[one - 3] == 0)
                {
                    codeLength = 4;
                    return one - 3;
                }

                codeLength = 3;
                return one - 2;
            }

            i = one + 1;
        }

        return -1;
    }
}

/// <summary>Receives one NAL unit's position.</summary>
internal delegate void NalVisitor<TState>(ref TState state, int offset, int length);
