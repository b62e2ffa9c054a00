using WlWebRtc.FFmpeg.Conversion;
using WlWebRtc.Media;
using Xunit.Abstractions;

namespace WlWebRtc.Encoder.Tests.Conversion;

/// <summary>The managed converter against the real-valued BT.709 formula.</summary>
public sealed class PackedRgbToYuv420AccuracyTests(ITestOutputHelper output)
{
    // Rounding to nearest costs 0.5; 15-bit coefficients add at most 255 · (0.5 + 0.5 + 1) / 32768 < 0.016.
    private const double Tolerance = 0.52;

    public static TheoryData<PixelFormat, string, string> EveryFormatLayoutAndKernel()
    {
        var data = new TheoryData<PixelFormat, string, string>();
        foreach (var format in new[] { PixelFormat.Bgrx, PixelFormat.Bgra, PixelFormat.Rgbx, PixelFormat.Rgba, PixelFormat.Xbgr, PixelFormat.Xrgb })
        {
            foreach (var layout in new[] { Yuv420Layout.I420, Yuv420Layout.Nv12 })
            {
                foreach (var kernel in new[] { Yuv420Kernel.Scalar, Yuv420Kernel.Vector128, Yuv420Kernel.Vector256 })
                {
                    data.Add(format, layout.ToString(), kernel.ToString());
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryFormatLayoutAndKernel))]
    public void Convert_RandomOddSizedImageWithPaddingAndOffset_WithinHalfASampleOfExactFormula(PixelFormat format, string layoutName, string kernelName)
    {
        var layout = Enum.Parse<Yuv420Layout>(layoutName);
        var kernel = Enum.Parse<Yuv420Kernel>(kernelName);
        var image = PackedImage.Random(new Random(1234 + (int)format), format, 75, 41, padding: 12, offset: 20);
        using var converter = new PackedRgbToYuv420(format, image.Width, image.Height, layout, bands: 2, kernel: kernel);
        var result = Yuv420Buffers.ConvertWith(converter, image, padding: 7);

        Assert.Equal(74, converter.OutputWidth);
        Assert.Equal(40, converter.OutputHeight);
        var worst = WorstError(image, result);
        output.WriteLine($"{format} {layout} {kernel}: max |converted - exact| = {worst:F4}");
        Assert.True(worst <= Tolerance, $"max error {worst:F4} > {Tolerance}");
        result.AssertPaddingUntouched();
    }

    [Fact]
    public void Convert_EveryCornerOfTheRgbCube_WithinHalfASampleOfExactFormula()
    {
        // Saturated primaries, secondaries, black and white: the extremes of every coefficient sum.
        var image = new PackedImage(PixelFormat.Bgrx, 16, 2);
        for (var c = 0; c < 8; c++)
        {
            byte Level(int bit) => (byte)((c >> bit & 1) * 255);
            for (var y = 0; y < 2; y++)
            {
                image.Set(2 * c, y, Level(0), Level(1), Level(2));
                image.Set((2 * c) + 1, y, Level(0), Level(1), Level(2));
            }
        }

        using var converter = new PackedRgbToYuv420(PixelFormat.Bgrx, 16, 2, Yuv420Layout.I420);
        var result = Yuv420Buffers.ConvertWith(converter, image);

        Assert.True(WorstError(image, result) <= Tolerance);
        Assert.Equal(16, result.LumaAt(0, 0));
        Assert.Equal(235, result.LumaAt(15, 1));
    }

    [Fact]
    public void Convert_EveryGreyLevel_GivesNeutralChromaAndExactLuma()
    {
        var image = new PackedImage(PixelFormat.Rgbx, 512, 2);
        for (var level = 0; level < 256; level++)
        {
            for (var y = 0; y < 2; y++)
            {
                image.Set(2 * level, y, (byte)level, (byte)level, (byte)level);
                image.Set((2 * level) + 1, y, (byte)level, (byte)level, (byte)level);
            }
        }

        using var converter = new PackedRgbToYuv420(PixelFormat.Rgbx, 512, 2, Yuv420Layout.Nv12);
        var result = Yuv420Buffers.ConvertWith(converter, image);

        for (var level = 0; level < 256; level++)
        {
            Assert.Equal(Math.Round(Bt709Exact.Luma(level, level, level), MidpointRounding.AwayFromZero), result.LumaAt(2 * level, 1));
            Assert.Equal(128, result.CbAt(level, 0));
            Assert.Equal(128, result.CrAt(level, 0));
        }
    }

    [Fact]
    public void Convert_TwoToThe24RgbValues_EveryLumaWithinHalfASampleOfExactFormula()
    {
        // Every RGB triple once (4096x4096 pixels, 64 MB): luma of every colour, chroma of 2^22 blocks.
        const int Side = 4096;
        var image = new PackedImage(PixelFormat.Bgra, Side, Side);
        for (var i = 0; i < Side * Side; i++)
        {
            image.Bytes[(i * 4) + 2] = (byte)(i >> 16);
            image.Bytes[(i * 4) + 1] = (byte)(i >> 8);
            image.Bytes[i * 4] = (byte)i;
        }

        using var converter = new PackedRgbToYuv420(PixelFormat.Bgra, Side, Side, Yuv420Layout.I420);
        var result = Yuv420Buffers.ConvertWith(converter, image);

        var worst = WorstError(image, result);
        output.WriteLine($"all 2^24 colours: max |converted - exact| = {worst:F4}");
        Assert.True(worst <= Tolerance, $"max error {worst:F4} > {Tolerance}");
    }

    [Fact]
    public void Convert_OddLastColumnAndRow_AreIgnored()
    {
        var image = PackedImage.Random(new Random(7), PixelFormat.Xrgb, 33, 19);
        using var converter = new PackedRgbToYuv420(PixelFormat.Xrgb, 33, 19, Yuv420Layout.I420);
        var before = Yuv420Buffers.ConvertWith(converter, image);
        for (var y = 0; y < 19; y++)
        {
            image.Set(32, y, 255, 0, 255);
        }

        for (var x = 0; x < 33; x++)
        {
            image.Set(x, 18, 0, 255, 0);
        }

        var after = Yuv420Buffers.ConvertWith(converter, image);

        Assert.Equal(before.Y, after.Y);
        Assert.Equal(before.Cb, after.Cb);
        Assert.Equal(before.Cr, after.Cr);
    }

    internal static double WorstError(PackedImage image, Yuv420Buffers result)
    {
        double worst = 0;
        for (var y = 0; y < result.Height; y++)
        {
            for (var x = 0; x < result.Width; x++)
            {
                worst = Math.Max(worst, Math.Abs(result.LumaAt(x, y) - image.ExactLuma(x, y)));
            }
        }

        for (var j = 0; j < result.Height / 2; j++)
        {
            for (var i = 0; i < result.Width / 2; i++)
            {
                var (cb, cr) = image.ExactChroma(i, j);
                worst = Math.Max(worst, Math.Abs(result.CbAt(i, j) - cb));
                worst = Math.Max(worst, Math.Abs(result.CrAt(i, j) - cr));
            }
        }

        return worst;
    }
}
