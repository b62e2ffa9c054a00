using WlWebRtc.FFmpeg.Conversion;
using WlWebRtc.Media;

namespace WlWebRtc.Encoder.Tests.Conversion;

/// <summary>The SIMD kernels and the band split must not change a single byte.</summary>
public sealed class PackedRgbToYuv420KernelTests
{
    private static readonly PixelFormat[] Formats = [PixelFormat.Bgrx, PixelFormat.Bgra, PixelFormat.Rgbx, PixelFormat.Rgba, PixelFormat.Xbgr, PixelFormat.Xrgb];

    [Fact]
    public void Convert_ThisMachine_AcceleratesBothVectorKernels()
    {
        // The identity tests below force every kernel; on a machine without AVX2 they fail at construction instead.
        Assert.True(Yuv420Kernels.IsSupported(Yuv420Kernel.Vector256), "AVX2 (Vector256) is not accelerated on this machine");
        Assert.True(Yuv420Kernels.IsSupported(Yuv420Kernel.Vector128), "SSE2 (Vector128) is not accelerated on this machine");
        Assert.Equal(Yuv420Kernel.Vector256, Yuv420Kernels.Best);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void Convert_RandomImagesSizesAndStrides_EveryKernelAndBandCountGivesIdenticalBytes(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 40; round++)
        {
            var format = Formats[random.Next(Formats.Length)];
            var layout = random.Next(2) == 0 ? Yuv420Layout.I420 : Yuv420Layout.Nv12;

            // Widths around every step boundary (16, 8, 2 columns), heights enough for several bands.
            var width = random.Next(2, 140);
            var height = random.Next(2, 140);
            var image = PackedImage.Random(random, format, width, height, padding: random.Next(0, 3) * 4 + random.Next(0, 4), offset: random.Next(0, 64));
            var padding = random.Next(0, 40);

            using var scalar = new PackedRgbToYuv420(format, width, height, layout, bands: 1, kernel: Yuv420Kernel.Scalar);
            var expected = Yuv420Buffers.ConvertWith(scalar, image, padding);
            expected.AssertPaddingUntouched();
            foreach (var kernel in new[] { Yuv420Kernel.Vector128, Yuv420Kernel.Vector256, Yuv420Kernel.Auto })
            {
                var bands = random.Next(1, 9);
                using var converter = new PackedRgbToYuv420(format, width, height, layout, bands, kernel);
                var actual = Yuv420Buffers.ConvertWith(converter, image, padding);
                var what = $"seed {seed} round {round}: {format} {width}x{height} stride {image.Stride} offset {image.Offset} {layout} {kernel} bands {converter.Bands}";
                Assert.True(expected.Y.AsSpan().SequenceEqual(actual.Y), $"Y differs: {what}");
                Assert.True(expected.Cb.AsSpan().SequenceEqual(actual.Cb), $"Cb/UV differs: {what}");
                Assert.True(expected.Cr.AsSpan().SequenceEqual(actual.Cr), $"Cr differs: {what}");
            }
        }
    }

    [Theory]
    [InlineData("Scalar")]
    [InlineData("Vector128")]
    [InlineData("Vector256")]
    public void Convert_Nv12_IsI420WithChromaInterleaved(string kernelName)
    {
        var kernel = Enum.Parse<Yuv420Kernel>(kernelName);
        var image = PackedImage.Random(new Random(99), PixelFormat.Bgrx, 250, 66, padding: 8);
        using var i420 = new PackedRgbToYuv420(image.Format, image.Width, image.Height, Yuv420Layout.I420, kernel: kernel);
        using var nv12 = new PackedRgbToYuv420(image.Format, image.Width, image.Height, Yuv420Layout.Nv12, kernel: kernel);
        var planar = Yuv420Buffers.ConvertWith(i420, image);
        var interleaved = Yuv420Buffers.ConvertWith(nv12, image);

        Assert.Equal(planar.Y, interleaved.Y);
        for (var j = 0; j < 33; j++)
        {
            for (var i = 0; i < 125; i++)
            {
                Assert.Equal(planar.CbAt(i, j), interleaved.CbAt(i, j));
                Assert.Equal(planar.CrAt(i, j), interleaved.CrAt(i, j));
            }
        }
    }

    [Fact]
    public void Convert_SameConverterManyFramesInParallelBands_EachFrameMatchesOneBand()
    {
        // Reuses the band work items frame after frame (the encoder's pattern), with content changing every frame.
        const int Width = 320, Height = 240;
        using var parallel = new PackedRgbToYuv420(PixelFormat.Bgrx, Width, Height, Yuv420Layout.I420, bands: 4);
        using var single = new PackedRgbToYuv420(PixelFormat.Bgrx, Width, Height, Yuv420Layout.I420, bands: 1);
        Assert.Equal(4, parallel.Bands);
        var random = new Random(5);
        for (var frame = 0; frame < 200; frame++)
        {
            var image = PackedImage.Random(random, PixelFormat.Bgrx, Width, Height);
            var expected = Yuv420Buffers.ConvertWith(single, image);
            var actual = Yuv420Buffers.ConvertWith(parallel, image);
            Assert.True(expected.Y.AsSpan().SequenceEqual(actual.Y) && expected.Cb.AsSpan().SequenceEqual(actual.Cb) && expected.Cr.AsSpan().SequenceEqual(actual.Cr), $"frame {frame} differs");
        }
    }

    [Theory]
    [InlineData(1080, 0, 33)]
    [InlineData(1080, 64, 33)]
    [InlineData(40, 8, 1)]
    [InlineData(2, 64, 1)]
    public void Constructor_Bands_CappedSoEveryBandHasSixteenRowPairs(int height, int requested, int expected)
    {
        using var converter = new PackedRgbToYuv420(PixelFormat.Bgrx, 64, height, Yuv420Layout.I420, requested);
        Assert.Equal(requested == 0 ? Math.Min(PackedRgbToYuv420.DefaultBands, expected) : expected, converter.Bands);
    }
}
