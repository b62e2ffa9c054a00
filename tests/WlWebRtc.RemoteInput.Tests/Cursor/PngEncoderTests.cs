using WlWebRtc.RemoteInput.Cursor;

namespace WlWebRtc.RemoteInput.Tests.Cursor;

public sealed class PngEncoderTests
{
    [Fact]
    public void EncodeBgra_Bitmap_DecodesToTheSamePixelsAsRgba()
    {
        var bgra = new byte[5 * 3 * 4];
        new Random(17).NextBytes(bgra);

        var (width, height, rgba) = PngReader.Read(PngEncoder.EncodeBgra(bgra, 5, 3));

        Assert.Equal((5, 3), (width, height));
        for (var i = 0; i < bgra.Length; i += 4)
        {
            Assert.Equal(new[] { bgra[i + 2], bgra[i + 1], bgra[i], bgra[i + 3] }, rgba[i..(i + 4)]);
        }
    }

    [Fact]
    public void EncodeBgra_TransparentCursorSizedBitmap_IsSmall()
    {
        // a 64x64 cursor is mostly transparent: zlib makes it a few hundred bytes, not 16 KiB
        var png = PngEncoder.EncodeBgra(new byte[64 * 64 * 4], 64, 64);

        Assert.InRange(png.Length, 60, 1024);
    }

    [Theory]
    [InlineData(4, 4, 63)]
    [InlineData(0, 4, 0)]
    [InlineData(4, -1, 16)]
    public void EncodeBgra_SizeNotMatchingTheBytes_Throws(int width, int height, int bytes)
    {
        Assert.ThrowsAny<ArgumentException>(() => PngEncoder.EncodeBgra(new byte[bytes], width, height));
    }
}
