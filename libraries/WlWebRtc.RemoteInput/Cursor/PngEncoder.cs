using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace WlWebRtc.RemoteInput.Cursor;

/// <summary>
/// Writes a BGRA bitmap as a PNG (RFC 2083: 8-bit RGBA, no interlace, filter 0 on every row, one IDAT), the form a
/// browser takes as a data URL. Cursors are small and mostly transparent, so zlib alone makes them small.
/// </summary>
internal static class PngEncoder
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static byte[] EncodeBgra(ReadOnlySpan<byte> bgra, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (bgra.Length != (long)width * height * 4)
        {
            throw new ArgumentException($"A {width}x{height} BGRA bitmap has {width * height * 4} bytes, not {bgra.Length}.", nameof(bgra));
        }

        using var output = new MemoryStream();
        output.Write(Signature);

        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8; // bits per channel
        header[9] = 6; // colour type: RGBA
        WriteChunk(output, "IHDR"u8, header);

        WriteChunk(output, "IDAT"u8, Compress(bgra, width, height));
        WriteChunk(output, "IEND"u8, []);
        return output.ToArray();
    }

    private static byte[] Compress(ReadOnlySpan<byte> bgra, int width, int height)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            var row = new byte[1 + (width * 4)]; // filter type 0, then RGBA
            for (var y = 0; y < height; y++)
            {
                var source = bgra.Slice(y * width * 4, width * 4);
                for (var x = 0; x < source.Length; x += 4)
                {
                    row[1 + x] = source[x + 2];
                    row[2 + x] = source[x + 1];
                    row[3 + x] = source[x];
                    row[4 + x] = source[x + 3];
                }

                zlib.Write(row);
            }
        }

        return compressed.ToArray();
    }

    private static void WriteChunk(Stream output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        output.Write(length);
        output.Write(type);
        output.Write(data);

        // the CRC covers the type and the data
        var crc = new Crc32();
        crc.Append(type);
        crc.Append(data);
        Span<byte> checksum = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(checksum, crc.GetCurrentHashAsUInt32());
        output.Write(checksum);
    }
}
