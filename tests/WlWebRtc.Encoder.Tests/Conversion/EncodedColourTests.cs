using WlWebRtc.Encoder.Tests.Support;
using WlWebRtc.Encoder.X264;
using WlWebRtc.Encoders;
using WlWebRtc.FFmpeg.Decoding;
using WlWebRtc.FFmpeg.Frames;
using WlWebRtc.Media;
using Xunit.Abstractions;

namespace WlWebRtc.Encoder.Tests.Conversion;

/// <summary>
/// Colour survives the whole path: packed RGB in any order → the encoder's managed conversion → libx264 →
/// libavcodec's h264 decoder; each colour bar's centre must decode to the BT.709 limited-range values.
/// </summary>
public sealed class EncodedColourTests(ITestOutputHelper output)
{
    private const int Width = 320;
    private const int Height = 240;
    private const int BarWidth = 40;

    // Black, white, the primaries and secondaries, and a mid grey-brown: every coefficient matters.
    private static readonly (byte R, byte G, byte B)[] Bars =
        [(0, 0, 0), (255, 255, 255), (255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 0), (0, 255, 255), (150, 100, 60)];

    [Theory]
    [InlineData(PixelFormat.Bgrx)]
    [InlineData(PixelFormat.Bgra)]
    [InlineData(PixelFormat.Rgbx)]
    [InlineData(PixelFormat.Rgba)]
    [InlineData(PixelFormat.Xbgr)]
    [InlineData(PixelFormat.Xrgb)]
    public void Encode_ColourBarsInEveryPackedOrder_DecodeToBt709LimitedRangeValues(PixelFormat format)
    {
        var image = new PackedImage(format, Width, Height);
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                var (r, g, b) = Bars[x / BarWidth];
                image.Set(x, y, r, g, b);
            }
        }

        using var encoder = new X264EncoderPlugin().CreateEncoder(new EncoderSettings(Width, Height, 30, 4_000_000), TestContexts.Create());
        using var decoder = new H264Decoder();
        DecodedPicture? picture = null;
        for (var i = 0; i < 5; i++)
        {
            using var frame = new PackedVideoFrame(image.Bytes, format, Width, Height, image.Stride, i);
            using var unit = encoder.Encode(frame);
            Assert.NotNull(unit);
            picture = Assert.Single(decoder.Decode(unit.Data.Span));
        }

        Assert.NotNull(picture);
        for (var bar = 0; bar < Bars.Length; bar++)
        {
            var (r, g, b) = Bars[bar];
            var centre = (bar * BarWidth) + (BarWidth / 2);
            var y = Mean(picture.Y, Width, centre - 8, centre + 8, 100, 140);
            var cb = Mean(picture.U, Width / 2, (centre / 2) - 4, (centre / 2) + 4, 50, 70);
            var cr = Mean(picture.V, Width / 2, (centre / 2) - 4, (centre / 2) + 4, 50, 70);
            output.WriteLine($"{format} bar ({r},{g},{b}): Y {y:F1}/{Bt709Exact.Luma(r, g, b):F1} Cb {cb:F1}/{Bt709Exact.Cb(r, g, b):F1} Cr {cr:F1}/{Bt709Exact.Cr(r, g, b):F1}");

            // Flat areas at 4 Mb/s decode almost losslessly; 2 steps leave room for the encoder's quantisation only.
            Assert.True(Math.Abs(y - Bt709Exact.Luma(r, g, b)) <= 2, $"{format} bar {bar} Y {y:F1}");
            Assert.True(Math.Abs(cb - Bt709Exact.Cb(r, g, b)) <= 2, $"{format} bar {bar} Cb {cb:F1}");
            Assert.True(Math.Abs(cr - Bt709Exact.Cr(r, g, b)) <= 2, $"{format} bar {bar} Cr {cr:F1}");
        }
    }

    private static double Mean(byte[] plane, int stride, int x0, int x1, int y0, int y1)
    {
        double sum = 0;
        for (var y = y0; y < y1; y++)
        {
            for (var x = x0; x < x1; x++)
            {
                sum += plane[(y * stride) + x];
            }
        }

        return sum / ((x1 - x0) * (y1 - y0));
    }
}
