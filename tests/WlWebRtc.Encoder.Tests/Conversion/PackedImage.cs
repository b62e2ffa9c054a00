using WlWebRtc.Media;

namespace WlWebRtc.Encoder.Tests.Conversion;

/// <summary>A packed 4-byte RGB test image with an arbitrary channel order, stride padding and a leading offset.</summary>
internal sealed class PackedImage
{
    private readonly int _red;
    private readonly int _green;
    private readonly int _blue;

    public PackedImage(PixelFormat format, int width, int height, int padding = 0, int offset = 0)
    {
        (_red, _green, _blue) = format switch
        {
            PixelFormat.Bgrx or PixelFormat.Bgra => (2, 1, 0),
            PixelFormat.Rgbx or PixelFormat.Rgba => (0, 1, 2),
            PixelFormat.Xbgr => (3, 2, 1),
            PixelFormat.Xrgb => (1, 2, 3),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "not a packed RGB format"),
        };
        Format = format;
        Width = width;
        Height = height;
        Offset = offset;
        Stride = (width * 4) + padding;
        Bytes = new byte[offset + (Stride * height)];
    }

    public PixelFormat Format { get; }

    public int Width { get; }

    public int Height { get; }

    public int Offset { get; }

    public int Stride { get; }

    public byte[] Bytes { get; }

    public static PackedImage Random(Random random, PixelFormat format, int width, int height, int padding = 0, int offset = 0)
    {
        var image = new PackedImage(format, width, height, padding, offset);
        random.NextBytes(image.Bytes);
        return image;
    }

    public (byte R, byte G, byte B) Get(int x, int y)
    {
        var i = Offset + (y * Stride) + (x * 4);
        return (Bytes[i + _red], Bytes[i + _green], Bytes[i + _blue]);
    }

    public void Set(int x, int y, byte r, byte g, byte b)
    {
        var i = Offset + (y * Stride) + (x * 4);
        (Bytes[i + _red], Bytes[i + _green], Bytes[i + _blue]) = (r, g, b);
    }

    /// <summary>The real-valued Y of one pixel.</summary>
    public double ExactLuma(int x, int y)
    {
        var (r, g, b) = Get(x, y);
        return Bt709Exact.Luma(r, g, b);
    }

    /// <summary>The real-valued Cb and Cr of the 2x2 block whose top-left pixel is (2i, 2j): the conversion of the block's mean RGB.</summary>
    public (double Cb, double Cr) ExactChroma(int i, int j)
    {
        double r = 0, g = 0, b = 0;
        for (var dy = 0; dy < 2; dy++)
        {
            for (var dx = 0; dx < 2; dx++)
            {
                var p = Get((2 * i) + dx, (2 * j) + dy);
                (r, g, b) = (r + p.R, g + p.G, b + p.B);
            }
        }

        return (Bt709Exact.Cb(r / 4, g / 4, b / 4), Bt709Exact.Cr(r / 4, g / 4, b / 4));
    }
}
