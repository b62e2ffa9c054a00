namespace WlWebRtc.FFmpeg.Conversion;

/// <summary>One 2x2 block at a time: row tails and machines without SIMD. The reference the vector kernels must match.</summary>
internal static unsafe class ScalarRows
{
    /// <summary>Converts columns <paramref name="x"/>..<paramref name="width"/> (both even) of one row pair.</summary>
    public static void Convert(in RowPair rows, int x, int width, in Bt709FixedPoint k)
    {
        for (; x < width; x += 2)
        {
            var top = rows.Top + (x * 4);
            var bottom = rows.Bottom + (x * 4);
            rows.LumaTop[x] = Luma(top, k);
            rows.LumaTop[x + 1] = Luma(top + 4, k);
            rows.LumaBottom[x] = Luma(bottom, k);
            rows.LumaBottom[x + 1] = Luma(bottom + 4, k);

            int s0 = top[0] + top[4] + bottom[0] + bottom[4];
            int s1 = top[1] + top[5] + bottom[1] + bottom[5];
            int s2 = top[2] + top[6] + bottom[2] + bottom[6];
            int s3 = top[3] + top[7] + bottom[3] + bottom[7];
            var c = rows.Interleaved ? x : x >> 1;
            rows.Cb[c] = (byte)(((k.Cb0 * s0) + (k.Cb1 * s1) + (k.Cb2 * s2) + (k.Cb3 * s3) + Bt709FixedPoint.ChromaBias) >> Bt709FixedPoint.ChromaShift);
            rows.Cr[c] = (byte)(((k.Cr0 * s0) + (k.Cr1 * s1) + (k.Cr2 * s2) + (k.Cr3 * s3) + Bt709FixedPoint.ChromaBias) >> Bt709FixedPoint.ChromaShift);
        }
    }

    private static byte Luma(byte* p, in Bt709FixedPoint k) =>
        (byte)(((k.Y0 * p[0]) + (k.Y1 * p[1]) + (k.Y2 * p[2]) + (k.Y3 * p[3]) + Bt709FixedPoint.LumaBias) >> Bt709FixedPoint.LumaShift);
}
