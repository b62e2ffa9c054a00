using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace WlWebRtc.FFmpeg.Conversion;

/// <summary>SSE2: eight columns of a row pair per step, the same arithmetic as <see cref="Vector256Rows"/> at half width.</summary>
internal static unsafe class Vector128Rows
{
    public const int Step = 8;

    /// <summary>Converts whole steps from column <paramref name="x"/>; returns the first column left for the scalar code.</summary>
    public static int Convert(in RowPair rows, int x, int width, in Bt709FixedPoint k)
    {
        var lumaEven = Vector128.Create(Pair(k.Y0, k.Y2)).AsInt16();
        var lumaOdd = Vector128.Create(Pair(k.Y1, k.Y3)).AsInt16();
        var chromaEven = Vector128.Create(Quad(k.Cb0, k.Cb2, k.Cr0, k.Cr2)).AsInt16();
        var chromaOdd = Vector128.Create(Quad(k.Cb1, k.Cb3, k.Cr1, k.Cr3)).AsInt16();
        var lumaBias = Vector128.Create(Bt709FixedPoint.LumaBias);
        var chromaBias = Vector128.Create(Bt709FixedPoint.ChromaBias);
        var low = Vector128.Create(0x00FF00FFu);

        for (; x + Step <= width; x += Step)
        {
            var top0 = Sse2.LoadVector128((uint*)(rows.Top + (x * 4)));
            var top1 = Sse2.LoadVector128((uint*)(rows.Top + (x * 4) + 16));
            var bottom0 = Sse2.LoadVector128((uint*)(rows.Bottom + (x * 4)));
            var bottom1 = Sse2.LoadVector128((uint*)(rows.Bottom + (x * 4) + 16));

            var top0Even = top0 & low;
            var top0Odd = (top0 >>> 8) & low;
            var top1Even = top1 & low;
            var top1Odd = (top1 >>> 8) & low;
            var bottom0Even = bottom0 & low;
            var bottom0Odd = (bottom0 >>> 8) & low;
            var bottom1Even = bottom1 & low;
            var bottom1Odd = (bottom1 >>> 8) & low;

            var lumaTop = ToBytes(Luma(top0Even, top0Odd, lumaEven, lumaOdd, lumaBias), Luma(top1Even, top1Odd, lumaEven, lumaOdd, lumaBias));
            *(ulong*)(rows.LumaTop + x) = lumaTop.AsUInt64().ToScalar();
            var lumaBottom = ToBytes(Luma(bottom0Even, bottom0Odd, lumaEven, lumaOdd, lumaBias), Luma(bottom1Even, bottom1Odd, lumaEven, lumaOdd, lumaBias));
            *(ulong*)(rows.LumaBottom + x) = lumaBottom.AsUInt64().ToScalar();

            // [Cb, Cr] of blocks 0,1 and of blocks 2,3.
            var chroma0 = Chroma(top0Even + bottom0Even, top0Odd + bottom0Odd, chromaEven, chromaOdd, chromaBias);
            var chroma1 = Chroma(top1Even + bottom1Even, top1Odd + bottom1Odd, chromaEven, chromaOdd, chromaBias);
            if (rows.Interleaved)
            {
                *(ulong*)(rows.Cb + x) = ToBytes(chroma0, chroma1).AsUInt64().ToScalar();
            }
            else
            {
                // [Cb0 Cr0 Cb1 Cr1] → [Cb0 Cb1 Cr0 Cr1], then gather the Cb halves and the Cr halves.
                var sorted0 = Sse2.Shuffle(chroma0, 0b11_01_10_00).AsInt64();
                var sorted1 = Sse2.Shuffle(chroma1, 0b11_01_10_00).AsInt64();
                var planar = ToBytes(Sse2.UnpackLow(sorted0, sorted1).AsInt32(), Sse2.UnpackHigh(sorted0, sorted1).AsInt32()).AsUInt32();
                *(uint*)(rows.Cb + (x >> 1)) = planar.ToScalar();
                *(uint*)(rows.Cr + (x >> 1)) = planar.GetElement(1);
            }
        }

        return x;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> Luma(Vector128<uint> even, Vector128<uint> odd, Vector128<short> evenWeights, Vector128<short> oddWeights, Vector128<int> bias)
    {
        var sum = Sse2.MultiplyAddAdjacent(even.AsInt16(), evenWeights) + Sse2.MultiplyAddAdjacent(odd.AsInt16(), oddWeights);
        return (sum + bias) >> Bt709FixedPoint.LumaShift;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> Chroma(Vector128<uint> columnEven, Vector128<uint> columnOdd, Vector128<short> evenWeights, Vector128<short> oddWeights, Vector128<int> bias)
    {
        var blockEven = columnEven + Sse2.Shuffle(columnEven, 0b10_11_00_01);
        var blockOdd = columnOdd + Sse2.Shuffle(columnOdd, 0b10_11_00_01);
        var sum = Sse2.MultiplyAddAdjacent(blockEven.AsInt16(), evenWeights) + Sse2.MultiplyAddAdjacent(blockOdd.AsInt16(), oddWeights);
        return (sum + bias) >> Bt709FixedPoint.ChromaShift;
    }

    /// <summary>Eight 32-bit values (all within 0..255) to the low eight bytes, in order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> ToBytes(Vector128<int> first, Vector128<int> second)
    {
        var words = Sse2.PackSignedSaturate(first, second);
        return Sse2.PackUnsignedSaturate(words, words);
    }

    private static uint Pair(short low, short high) => (ushort)low | ((uint)(ushort)high << 16);

    private static ulong Quad(short a, short b, short c, short d) => Pair(a, b) | ((ulong)Pair(c, d) << 32);
}
