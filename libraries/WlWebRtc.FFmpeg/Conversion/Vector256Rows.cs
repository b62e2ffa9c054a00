using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace WlWebRtc.FFmpeg.Conversion;

/// <summary>
/// AVX2: sixteen columns of a row pair per step. Each 32-bit pixel is split into its even bytes (0 and 2) and odd
/// bytes (1 and 3) as 16-bit fields; <c>vpmaddwd</c> against per-byte-offset coefficients then gives the exact integer
/// sums of <see cref="ScalarRows"/>. For chroma the four pixels of a block are added field-wise first (at most 1020, no
/// carry between fields), so one <c>vpmaddwd</c> yields Cb and Cr of a block side by side, already in NV12 order.
/// </summary>
internal static unsafe class Vector256Rows
{
    public const int Step = 16;

    /// <summary>Converts whole steps from column <paramref name="x"/>; returns the first column left for a narrower kernel.</summary>
    public static int Convert(in RowPair rows, int x, int width, in Bt709FixedPoint k)
    {
        var lumaEven = Vector256.Create(Pair(k.Y0, k.Y2)).AsInt16();
        var lumaOdd = Vector256.Create(Pair(k.Y1, k.Y3)).AsInt16();
        var chromaEven = Vector256.Create(Quad(k.Cb0, k.Cb2, k.Cr0, k.Cr2)).AsInt16();
        var chromaOdd = Vector256.Create(Quad(k.Cb1, k.Cb3, k.Cr1, k.Cr3)).AsInt16();
        var lumaBias = Vector256.Create(Bt709FixedPoint.LumaBias);
        var chromaBias = Vector256.Create(Bt709FixedPoint.ChromaBias);
        var low = Vector256.Create(0x00FF00FFu);
        var split = Vector128.Create((byte)0, 2, 4, 6, 8, 10, 12, 14, 1, 3, 5, 7, 9, 11, 13, 15);

        for (; x + Step <= width; x += Step)
        {
            var top0 = Avx.LoadVector256((uint*)(rows.Top + (x * 4)));
            var top1 = Avx.LoadVector256((uint*)(rows.Top + (x * 4) + 32));
            var bottom0 = Avx.LoadVector256((uint*)(rows.Bottom + (x * 4)));
            var bottom1 = Avx.LoadVector256((uint*)(rows.Bottom + (x * 4) + 32));

            var top0Even = top0 & low;
            var top0Odd = (top0 >>> 8) & low;
            var top1Even = top1 & low;
            var top1Odd = (top1 >>> 8) & low;
            var bottom0Even = bottom0 & low;
            var bottom0Odd = (bottom0 >>> 8) & low;
            var bottom1Even = bottom1 & low;
            var bottom1Odd = (bottom1 >>> 8) & low;

            var lumaTop0 = Luma(top0Even, top0Odd, lumaEven, lumaOdd, lumaBias);
            var lumaTop1 = Luma(top1Even, top1Odd, lumaEven, lumaOdd, lumaBias);
            Sse2.Store(rows.LumaTop + x, ToBytes(lumaTop0, lumaTop1));
            var lumaBottom0 = Luma(bottom0Even, bottom0Odd, lumaEven, lumaOdd, lumaBias);
            var lumaBottom1 = Luma(bottom1Even, bottom1Odd, lumaEven, lumaOdd, lumaBias);
            Sse2.Store(rows.LumaBottom + x, ToBytes(lumaBottom0, lumaBottom1));

            // Blocks 0..3 from the first eight columns, 4..7 from the next eight: [Cb, Cr] per block.
            var chroma0 = Chroma(top0Even + bottom0Even, top0Odd + bottom0Odd, chromaEven, chromaOdd, chromaBias);
            var chroma1 = Chroma(top1Even + bottom1Even, top1Odd + bottom1Odd, chromaEven, chromaOdd, chromaBias);
            var interleaved = ToBytes(chroma0, chroma1);
            if (rows.Interleaved)
            {
                Sse2.Store(rows.Cb + x, interleaved);
            }
            else
            {
                var planar = Ssse3.Shuffle(interleaved, split).AsUInt64();
                *(ulong*)(rows.Cb + (x >> 1)) = planar.GetElement(0);
                *(ulong*)(rows.Cr + (x >> 1)) = planar.GetElement(1);
            }
        }

        return x;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Luma(Vector256<uint> even, Vector256<uint> odd, Vector256<short> evenWeights, Vector256<short> oddWeights, Vector256<int> bias)
    {
        var sum = Avx2.MultiplyAddAdjacent(even.AsInt16(), evenWeights) + Avx2.MultiplyAddAdjacent(odd.AsInt16(), oddWeights);
        return (sum + bias) >> Bt709FixedPoint.LumaShift;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Chroma(Vector256<uint> columnEven, Vector256<uint> columnOdd, Vector256<short> evenWeights, Vector256<short> oddWeights, Vector256<int> bias)
    {
        // Add each pixel's neighbour in the block (swap the two 32-bit halves of every 64 bits): both halves then hold the
        // block's field sums, and the weights pick Cb from the low half and Cr from the high half.
        var blockEven = columnEven + Avx2.Shuffle(columnEven, 0b10_11_00_01);
        var blockOdd = columnOdd + Avx2.Shuffle(columnOdd, 0b10_11_00_01);
        var sum = Avx2.MultiplyAddAdjacent(blockEven.AsInt16(), evenWeights) + Avx2.MultiplyAddAdjacent(blockOdd.AsInt16(), oddWeights);
        return (sum + bias) >> Bt709FixedPoint.ChromaShift;
    }

    /// <summary>Sixteen 32-bit values (all within 0..255) to sixteen bytes in order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> ToBytes(Vector256<int> first, Vector256<int> second)
    {
        // vpackssdw works per 128-bit lane: [f0-3 s0-3 | f4-7 s4-7]; reorder the 64-bit quarters to [f0-3 f4-7 | s0-3 s4-7].
        var words = Avx2.Permute4x64(Avx2.PackSignedSaturate(first, second).AsInt64(), 0b11_01_10_00).AsInt16();
        return Sse2.PackUnsignedSaturate(words.GetLower(), words.GetUpper());
    }

    private static uint Pair(short low, short high) => (ushort)low | ((uint)(ushort)high << 16);

    private static ulong Quad(short a, short b, short c, short d) => Pair(a, b) | ((ulong)Pair(c, d) << 32);
}
