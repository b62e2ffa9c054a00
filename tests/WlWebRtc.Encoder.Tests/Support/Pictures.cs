using WlWebRtc.FFmpeg.Conversion;
using WlWebRtc.FFmpeg.Decoding;
using WlWebRtc.FFmpeg.Frames;
using WlWebRtc.Media;

namespace WlWebRtc.Encoder.Tests.Support;

/// <summary>Test frames and picture comparison.</summary>
internal static unsafe class Pictures
{
    public static byte[] Render(bool desktop, int width, int height, int index)
    {
        var pixels = new byte[width * height * 4];
        if (desktop)
        {
            SyntheticFrames.Desktop(pixels, width, height, width * 4, index);
        }
        else
        {
            SyntheticFrames.TestPattern(pixels, width, height, width * 4, index);
        }

        return pixels;
    }

    /// <summary>Content no encoder can squeeze: hash noise that changes every frame (for rate-control tests).</summary>
    public static byte[] Noise(int width, int height, int index)
    {
        var pixels = new byte[width * height * 4];
        var state = (uint)(index * 2654435761u) | 1;
        for (var i = 0; i < pixels.Length; i++)
        {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            pixels[i] = (byte)state;
        }

        return pixels;
    }

    public static PackedVideoFrame Frame(byte[] pixels, int width, int height, long sequence, PixelFormat format = PixelFormat.Bgrx) =>
        new(pixels, format, width, height, width * 4, sequence);

    /// <summary>What the encoder was given: the frame converted with the encoder's own BT.709 limited-range converter.</summary>
    public static DecodedPicture Reference(byte[] bgrx, int width, int height)
    {
        using var converter = new PackedRgbToYuv420(PixelFormat.Bgrx, width, height, Yuv420Layout.I420);
        var y = new byte[converter.OutputWidth * converter.OutputHeight];
        var u = new byte[y.Length / 4];
        var v = new byte[y.Length / 4];
        fixed (byte* py = y, pu = u, pv = v)
        {
            var half = converter.OutputWidth / 2;
            converter.Convert(bgrx, 0, width * 4, new Yuv420Planes(py, converter.OutputWidth, pu, half, pv, half));
        }

        return new DecodedPicture(converter.OutputWidth, converter.OutputHeight, y, u, v);
    }

    /// <summary>PSNR over Y, U and V together (all samples weighted equally).</summary>
    public static double Psnr(DecodedPicture expected, DecodedPicture actual)
    {
        Assert.Equal(expected.Width, actual.Width);
        Assert.Equal(expected.Height, actual.Height);
        double squared = 0;
        long count = 0;
        foreach (var (a, b) in new[] { (expected.Y, actual.Y), (expected.U, actual.U), (expected.V, actual.V) })
        {
            for (var i = 0; i < a.Length; i++)
            {
                var d = a[i] - b[i];
                squared += d * d;
            }

            count += a.Length;
        }

        var mse = squared / count;
        return mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(255.0 * 255.0 / mse);
    }
}
