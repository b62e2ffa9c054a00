using WlWebRtc.Media;

namespace WlWebRtc.FFmpeg;

/// <summary>
/// Packed RGB (BGRx/BGRA/RGBx/RGBA/xBGR/xRGB) to 4:2:0 (I420 or NV12) through swscale, with BT.709
/// limited-range coefficients (the VUI is tagged to match). 4:2:0 needs even sizes: an odd last column or
/// row is cropped (H.264 crops in steps of two luma samples, so one odd pixel cannot be signalled).
/// </summary>
internal sealed unsafe class RgbToYuvConverter : IDisposable
{
    private readonly SafeSwsContextHandle _context;

    public RgbToYuvConverter(PixelFormat source, int width, int height, int destinationFormat, int scaleFlags = Interop.SwScale.SWS_BILINEAR)
    {
        FFmpegLibrary.EnsureLoaded();
        var sourceFormat = PixelFormats.FromPacked(source);
        if (sourceFormat < 0)
        {
            throw new FFmpegException($"pixel format {source} cannot be converted: expected one of Bgrx, Bgra, Rgbx, Rgba, Xbgr, Xrgb");
        }

        Source = source;
        Width = width;
        Height = height;
        (OutputWidth, OutputHeight) = PackedFrameGeometry.EvenOutputSize(width, height);

        var pointer = Interop.SwScale.sws_getContext(OutputWidth, OutputHeight, sourceFormat, OutputWidth, OutputHeight, destinationFormat, scaleFlags, 0, 0, null);
        if (pointer == 0)
        {
            throw new FFmpegException($"sws_getContext failed for {source} {OutputWidth}x{OutputHeight}");
        }

        _context = SafeSwsContextHandle.FromPointer(pointer);
        var bt709 = Interop.SwScale.sws_getCoefficients(Interop.SwScale.SWS_CS_ITU709);

        // Source RGB is full range; destination is limited (16-235) BT.709. 1<<16 = neutral brightness/contrast/saturation.
        FFmpegException.ThrowIfError(
            Interop.SwScale.sws_setColorspaceDetails(pointer, bt709, 1, bt709, 0, 0, 1 << 16, 1 << 16),
            "sws_setColorspaceDetails (BT.709 limited range)");
    }

    public PixelFormat Source { get; }

    public int Width { get; }

    public int Height { get; }

    public int OutputWidth { get; }

    public int OutputHeight { get; }

    /// <summary>Converts one packed plane into an allocated AVFrame of the output size and format.</summary>
    public void Convert(ReadOnlySpan<byte> pixels, int offset, int stride, nint frame)
    {
        PackedFrameGeometry.EnsureFits(pixels.Length, offset, stride, Width, Height, Source.ToString());

        fixed (byte* start = pixels)
        {
            var sourcePlanes = stackalloc byte*[4];
            var sourceStrides = stackalloc int[4];
            sourcePlanes[0] = start + offset;
            sourceStrides[0] = stride;
            var rows = Interop.SwScale.sws_scale(
                _context.DangerousGetHandle(),
                sourcePlanes,
                sourceStrides,
                0,
                OutputHeight,
                (byte**)(frame + NativeLayout.FrameData),
                (int*)(frame + NativeLayout.FrameLinesize));
            if (rows != OutputHeight)
            {
                throw new FFmpegException($"sws_scale converted {rows} of {OutputHeight} rows");
            }
        }
    }

    public void Dispose() => _context.Dispose();
}
