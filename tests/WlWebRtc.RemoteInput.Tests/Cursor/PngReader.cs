using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace WlWebRtc.RemoteInput.Tests.Cursor;

/// <summary>
/// Reads back what <c>PngEncoder</c> writes (8-bit RGBA, filter 0), checking the signature, every chunk's CRC and the
/// chunk order, as a strict decoder would.
/// </summary>
internal static class PngReader
{
    public static (int Width, int Height, byte[] Rgba) Read(byte[] png)
    {
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        var offset = 8;
        var types = new List<string>();
        int width = 0, height = 0;
        using var idat = new MemoryStream();
        while (offset < png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            var type = png.AsSpan(offset + 4, 4);
            var data = png.AsSpan(offset + 8, length);
            Assert.Equal(Crc32.HashToUInt32(png.AsSpan(offset + 4, 4 + length)), BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset + 8 + length)));
            types.Add(System.Text.Encoding.ASCII.GetString(type));
            if (types[^1] == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                Assert.Equal(new byte[] { 8, 6, 0, 0, 0 }, data[8..].ToArray());
            }
            else if (types[^1] == "IDAT")
            {
                idat.Write(data);
            }

            offset += 12 + length;
        }

        Assert.Equal(["IHDR", "IDAT", "IEND"], types);
        idat.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(idat, CompressionMode.Decompress))
        {
            zlib.CopyTo(inflated);
        }

        var raw = inflated.ToArray();
        Assert.Equal(height * (1 + (width * 4)), raw.Length);
        var rgba = new byte[width * height * 4];
        for (var y = 0; y < height; y++)
        {
            var row = y * (1 + (width * 4));
            Assert.Equal(0, raw[row]);
            raw.AsSpan(row + 1, width * 4).CopyTo(rgba.AsSpan(y * width * 4));
        }

        return (width, height, rgba);
    }
}
