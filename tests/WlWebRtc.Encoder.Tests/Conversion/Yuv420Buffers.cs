using WlWebRtc.FFmpeg.Conversion;

namespace WlWebRtc.Encoder.Tests.Conversion;

/// <summary>
/// Destination planes in managed arrays, each row padded with a sentinel so writes past the picture show up.
/// </summary>
internal sealed unsafe class Yuv420Buffers
{
    public const byte Sentinel = 0xA5;

    public Yuv420Buffers(Yuv420Layout layout, int width, int height, int padding = 0)
    {
        Layout = layout;
        Width = width;
        Height = height;
        YStride = width + padding;
        ChromaStride = (layout == Yuv420Layout.Nv12 ? width : width / 2) + padding;
        Y = Filled(YStride * height);
        Cb = Filled(ChromaStride * height / 2);
        Cr = layout == Yuv420Layout.I420 ? Filled(ChromaStride * height / 2) : [];
    }

    public Yuv420Layout Layout { get; }

    public int Width { get; }

    public int Height { get; }

    public int YStride { get; }

    public int ChromaStride { get; }

    public byte[] Y { get; }

    /// <summary>The Cb plane (I420) or the UV plane (NV12).</summary>
    public byte[] Cb { get; }

    public byte[] Cr { get; }

    public static Yuv420Buffers ConvertWith(PackedRgbToYuv420 converter, PackedImage image, int padding = 0)
    {
        var buffers = new Yuv420Buffers(converter.Destination, converter.OutputWidth, converter.OutputHeight, padding);
        buffers.Fill(converter, image);
        return buffers;
    }

    public void Fill(PackedRgbToYuv420 converter, PackedImage image)
    {
        fixed (byte* y = Y, cb = Cb, cr = Cr)
        {
            converter.Convert(image.Bytes, image.Offset, image.Stride, new Yuv420Planes(y, YStride, cb, ChromaStride, cr, Layout == Yuv420Layout.I420 ? ChromaStride : 0));
        }
    }

    public byte LumaAt(int x, int y) => Y[(y * YStride) + x];

    public byte CbAt(int i, int j) => Layout == Yuv420Layout.Nv12 ? Cb[(j * ChromaStride) + (2 * i)] : Cb[(j * ChromaStride) + i];

    public byte CrAt(int i, int j) => Layout == Yuv420Layout.Nv12 ? Cb[(j * ChromaStride) + (2 * i) + 1] : Cr[(j * ChromaStride) + i];

    /// <summary>Fails when any byte after a row's picture samples is not the sentinel any more.</summary>
    public void AssertPaddingUntouched()
    {
        var chromaBytes = Layout == Yuv420Layout.Nv12 ? Width : Width / 2;
        AssertPadding(Y, YStride, Width, "Y");
        AssertPadding(Cb, ChromaStride, chromaBytes, Layout == Yuv420Layout.Nv12 ? "UV" : "Cb");
        if (Layout == Yuv420Layout.I420)
        {
            AssertPadding(Cr, ChromaStride, chromaBytes, "Cr");
        }
    }

    private static void AssertPadding(byte[] plane, int stride, int used, string name)
    {
        for (var row = 0; row < plane.Length / stride; row++)
        {
            for (var x = used; x < stride; x++)
            {
                Assert.True(plane[(row * stride) + x] == Sentinel, $"{name} row {row} was written at {x}, past its {used} samples");
            }
        }
    }

    private static byte[] Filled(int length)
    {
        var plane = new byte[length];
        plane.AsSpan().Fill(Sentinel);
        return plane;
    }
}
