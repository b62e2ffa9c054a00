using WlWebRtc.FFmpeg.Conversion;
using WlWebRtc.FFmpeg.Frames;
using WlWebRtc.Media;
using Xunit.Abstractions;

namespace WlWebRtc.Encoder.Tests.Conversion;

/// <summary>The managed converter beside swscale (libswscale, BT.709 limited range, as the encoders used before).</summary>
public sealed class SwscaleComparisonTests(ITestOutputHelper output)
{
    public static TheoryData<string, PixelFormat, string> Cases() => new()
    {
        { "desktop", PixelFormat.Bgrx, "I420" },
        { "desktop", PixelFormat.Bgrx, "Nv12" },
        { "pattern", PixelFormat.Bgrx, "I420" },
        { "pattern", PixelFormat.Rgba, "Nv12" },
        { "noise", PixelFormat.Xrgb, "I420" },
        { "noise", PixelFormat.Xbgr, "Nv12" },
        { "noise", PixelFormat.Rgbx, "I420" },
        { "noise", PixelFormat.Bgra, "Nv12" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Convert_SameImageAsSwscale_LumaWithinOne(string content, PixelFormat format, string layoutName)
    {
        var layout = Enum.Parse<Yuv420Layout>(layoutName);
        var image = Render(content, format, 322, 182);
        using var converter = new PackedRgbToYuv420(format, image.Width, image.Height, layout);
        var ours = Yuv420Buffers.ConvertWith(converter, image);
        var swscale = SwscaleReference.Convert(image, layout);

        var (luma, lumaMean) = Difference(ours.Y, swscale.Y);
        var (cb, cbMean) = ChromaDifference(ours, swscale, cr: false, interiorOfTile: 0);
        var (cr, crMean) = ChromaDifference(ours, swscale, cr: true, interiorOfTile: 0);
        output.WriteLine($"{content} {format} {layout}: max |ours - swscale| Y {luma} (mean {lumaMean:F3}), Cb {cb} (mean {cbMean:F3}), Cr {cr} (mean {crMean:F3})");

        // Same formula, each rounded to nearest from its own fixed point: at most one step apart. Chroma is only
        // reported here: swscale's chroma downsampling filter reaches past the 2x2 block, so at colour edges (and on
        // noise, all edges) it differs by design; see the flat-tile test for where both must agree.
        Assert.True(luma <= 1, $"Y differs by {luma}");
    }

    [Theory]
    [InlineData(PixelFormat.Bgrx, "I420")]
    [InlineData(PixelFormat.Xbgr, "Nv12")]
    public void Convert_FlatColourTilesLikeSwscale_ChromaWithinOneAwayFromTileEdges(PixelFormat format, string layoutName)
    {
        // 16x16 tiles of random colours. Away from tile edges every normalised low-pass filter sees one colour, so
        // swscale's filter and our 2x2 mean must give the same value up to each side's rounding.
        var layout = Enum.Parse<Yuv420Layout>(layoutName);
        var random = new Random(23);
        var image = new PackedImage(format, 320, 176);
        for (var ty = 0; ty < 11; ty++)
        {
            for (var tx = 0; tx < 20; tx++)
            {
                var (r, g, b) = ((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
                for (var y = 0; y < 16; y++)
                {
                    for (var x = 0; x < 16; x++)
                    {
                        image.Set((tx * 16) + x, (ty * 16) + y, r, g, b);
                    }
                }
            }
        }

        using var converter = new PackedRgbToYuv420(format, image.Width, image.Height, layout);
        var ours = Yuv420Buffers.ConvertWith(converter, image);
        var swscale = SwscaleReference.Convert(image, layout);

        var (cb, _) = ChromaDifference(ours, swscale, cr: false, interiorOfTile: 8);
        var (cr, _) = ChromaDifference(ours, swscale, cr: true, interiorOfTile: 8);
        var (everywhereCb, _) = ChromaDifference(ours, swscale, cr: false, interiorOfTile: 0);
        output.WriteLine($"flat tiles {format} {layout}: max chroma difference away from edges Cb {cb}, Cr {cr}; at edges up to {everywhereCb}");
        Assert.True(cb <= 1 && cr <= 1, $"chroma differs by Cb {cb}, Cr {cr} inside flat tiles");
        Assert.True(Difference(ours.Y, swscale.Y).Max <= 1);
    }

    [Fact]
    public void Convert_DesktopContent_ChromaOnAverageWithinAQuarterStepOfSwscale()
    {
        // A desktop is mostly flat areas, where the two agree; only edges (a few percent of blocks) may differ.
        var image = Render("desktop", PixelFormat.Bgrx, 1280, 720);
        using var converter = new PackedRgbToYuv420(PixelFormat.Bgrx, image.Width, image.Height, Yuv420Layout.I420);
        var ours = Yuv420Buffers.ConvertWith(converter, image);
        var swscale = SwscaleReference.Convert(image, Yuv420Layout.I420);

        var (cb, cbMean) = ChromaDifference(ours, swscale, cr: false, interiorOfTile: 0);
        var (cr, crMean) = ChromaDifference(ours, swscale, cr: true, interiorOfTile: 0);
        output.WriteLine($"desktop 1280x720: max chroma difference Cb {cb} (mean {cbMean:F3}), Cr {cr} (mean {crMean:F3})");
        Assert.True(cbMean < 0.25 && crMean < 0.25, $"mean chroma difference Cb {cbMean:F3}, Cr {crMean:F3}");
    }

    private static PackedImage Render(string content, PixelFormat format, int width, int height)
    {
        if (content == "noise")
        {
            return PackedImage.Random(new Random(17), format, width, height, padding: 4, offset: 8);
        }

        // The synthetic frames are BGRx: move their channels into the wanted order.
        var bgrx = new byte[width * height * 4];
        if (content == "desktop")
        {
            SyntheticFrames.Desktop(bgrx, width, height, width * 4, 3);
        }
        else
        {
            SyntheticFrames.TestPattern(bgrx, width, height, width * 4, 3);
        }

        var image = new PackedImage(format, width, height, padding: 4, offset: 8);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = ((y * width) + x) * 4;
                image.Set(x, y, bgrx[i + 2], bgrx[i + 1], bgrx[i]);
            }
        }

        return image;
    }

    private static (int Max, double Mean) Difference(byte[] a, byte[] b)
    {
        Assert.Equal(a.Length, b.Length);
        var max = 0;
        long sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var d = Math.Abs(a[i] - b[i]);
            max = Math.Max(max, d);
            sum += d;
        }

        return (max, (double)sum / a.Length);
    }

    private static (int Max, double Mean) ChromaDifference(Yuv420Buffers a, Yuv420Buffers b, bool cr, int interiorOfTile)
    {
        var max = 0;
        long sum = 0;
        var count = 0;
        for (var j = 0; j < a.Height / 2; j++)
        {
            for (var i = 0; i < a.Width / 2; i++)
            {
                if (interiorOfTile > 0 && (!Interior(i, interiorOfTile) || !Interior(j, interiorOfTile)))
                {
                    continue;
                }

                var d = cr ? Math.Abs(a.CrAt(i, j) - b.CrAt(i, j)) : Math.Abs(a.CbAt(i, j) - b.CbAt(i, j));
                max = Math.Max(max, d);
                sum += d;
                count++;
            }
        }

        return (max, (double)sum / count);
    }

    /// <summary>Whether chroma sample <paramref name="i"/> (luma 2i, 2i+1) lies at least 4 luma samples inside its tile of 2·<paramref name="tile"/>.</summary>
    private static bool Interior(int i, int tile)
    {
        var position = i % tile;
        return position >= 2 && position < tile - 2;
    }
}
