using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace WlWebRtc.Rtp.Srtp;

/// <summary>
/// AES in counter mode as SRTP uses it (RFC 3711 section 4.1.1): block j of the keystream is
/// AES(IV + j), where the IV's last two bytes are zero and hold the block counter.
/// </summary>
internal static class AesCounterMode
{
    private const int BlocksPerChunk = 64;
    private const int ChunkBytes = BlocksPerChunk * 16;

    /// <summary>
    /// The same with a reusable ECB encryptor and scratch arrays: the one-shot <see cref="SymmetricAlgorithm.EncryptEcb(ReadOnlySpan{byte}, Span{byte}, PaddingMode)"/>
    /// sets up a cipher context per call, which dominated the cost per packet.
    /// </summary>
    public static void Transform(ICryptoTransform ecb, byte[] counters, byte[] keystream, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var block = 0;
        var offset = 0;
        while (offset < source.Length)
        {
            var chunk = Math.Min(ChunkBytes, source.Length - offset);
            var blocks = (chunk + 15) / 16;
            FillCounters(counters, iv, block, blocks);
            ecb.TransformBlock(counters, 0, blocks * 16, keystream, 0);
            Xor(source.Slice(offset, chunk), keystream.AsSpan(0, chunk), destination.Slice(offset, chunk));
            block += blocks;
            offset += chunk;
        }
    }

    public static byte[] NewScratch() => new byte[ChunkBytes];

    private static void FillCounters(Span<byte> counters, ReadOnlySpan<byte> iv, int block, int blocks)
    {
        for (var i = 0; i < blocks; i++)
        {
            var counter = counters.Slice(i * 16, 16);
            iv[..14].CopyTo(counter);
            var j = block + i;
            counter[14] = (byte)(iv[14] ^ (j >> 8));
            counter[15] = (byte)(iv[15] ^ j);
        }
    }

    /// <summary>destination[i] = source[i] XOR keystream[i]; source and destination may be the same memory.</summary>
    public static void Transform(Aes aes, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> source, Span<byte> destination)
    {
        Span<byte> counters = stackalloc byte[ChunkBytes];
        Span<byte> keystream = stackalloc byte[ChunkBytes];
        var block = 0;
        var offset = 0;
        while (offset < source.Length)
        {
            var chunk = Math.Min(ChunkBytes, source.Length - offset);
            var blocks = (chunk + 15) / 16;
            for (var i = 0; i < blocks; i++)
            {
                var counter = counters.Slice(i * 16, 16);
                iv[..14].CopyTo(counter);
                var j = block + i;
                counter[14] = (byte)(iv[14] ^ (j >> 8));
                counter[15] = (byte)(iv[15] ^ j);
            }

            aes.EncryptEcb(counters[..(blocks * 16)], keystream, PaddingMode.None);
            Xor(source.Slice(offset, chunk), keystream[..chunk], destination.Slice(offset, chunk));
            block += blocks;
            offset += chunk;
        }
    }

    /// <summary>Writes the first destination.Length keystream bytes for IV.</summary>
    public static void Keystream(Aes aes, ReadOnlySpan<byte> iv, Span<byte> destination)
    {
        destination.Clear();
        Transform(aes, iv, destination, destination);
    }

    private static void Xor(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> destination)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var width = Vector<byte>.Count;
            for (; i + width <= a.Length; i += width)
            {
                var va = new Vector<byte>(a.Slice(i, width));
                var vb = new Vector<byte>(b.Slice(i, width));
                (va ^ vb).CopyTo(destination.Slice(i, width));
            }
        }

        for (; i + 8 <= a.Length; i += 8)
        {
            var x = MemoryMarshal.Read<ulong>(a.Slice(i, 8)) ^ MemoryMarshal.Read<ulong>(b.Slice(i, 8));
            MemoryMarshal.Write(destination.Slice(i, 8), in x);
        }

        for (; i < a.Length; i++)
        {
            destination[i] = (byte)(a[i] ^ b[i]);
        }
    }
}
