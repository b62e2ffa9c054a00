using WlWebRtc.Media;

namespace WlWebRtc.FFmpeg.Conversion;

/// <summary>
/// Packed 4-byte RGB (any of the six orders) to 4:2:0 (I420 or NV12) in managed code: BT.709, full-range RGB in,
/// limited range out (Y 16..235, Cb/Cr 16..240), chroma from the average of each 2x2 block, within ±1 (in fact
/// &lt; 0.52) of the real-valued formula. An odd last column or row is cropped, as <see cref="RgbToYuvConverter"/> does.
/// Up to <see cref="Bands"/> threads (this one and thread-pool helpers) convert a frame, taking slices of rows in turn.
/// One frame at a time: <see cref="Convert(ReadOnlySpan{byte}, int, int, Yuv420Planes)"/>
/// must not be called concurrently on one instance.
/// </summary>
internal sealed unsafe class PackedRgbToYuv420 : IDisposable
{
    /// <summary>Fewer row pairs than this per band are not worth waking another thread for.</summary>
    public const int MinimumPairsPerBand = 16;

    public const int MaximumBands = 64;

    /// <summary>Keeps every row and plane offset far from overflowing (H.264 level 6.2 stops at 8192x4320 anyway).</summary>
    public const int MaximumSize = 32768;

    /// <summary>
    /// Each band's rows are cut into this many slices that the threads take in turn: when a helper thread is
    /// preempted (two cores shared with the encoder and the rest of the desktop), the converting thread takes over
    /// the remaining slices and waits for one slice at most, not for a whole band.
    /// </summary>
    public const int SlicesPerBand = 4;

    private readonly Bt709FixedPoint _coefficients;
    private readonly BandWorkItem[] _helpers;
    private readonly int _pairs;
    private readonly int _slices;
    private int _nextSlice;
    private int _frameFormat = -1;

    // The frame being converted, read by the band workers (published before they are queued).
    private byte* _source;
    private int _stride;
    private Yuv420Planes _planes;

    public PackedRgbToYuv420(PixelFormat source, int width, int height, Yuv420Layout destination, int bands = 0, Yuv420Kernel kernel = Yuv420Kernel.Auto)
        : this(PackedRgbOrder.Of(source) ?? throw new FFmpegException($"pixel format {source} cannot be converted: expected one of Bgrx, Bgra, Rgbx, Rgba, Xbgr, Xrgb"), width, height, destination, bands, kernel)
    {
        Source = source;
    }

    public PackedRgbToYuv420(PackedRgbOrder order, int width, int height, Yuv420Layout destination, int bands = 0, Yuv420Kernel kernel = Yuv420Kernel.Auto)
    {
        _coefficients = new Bt709FixedPoint(order);
        if (!Enum.IsDefined(destination))
        {
            throw new FFmpegException($"unknown 4:2:0 layout {destination}");
        }

        if (!Yuv420Kernels.IsSupported(kernel))
        {
            throw new FFmpegException($"the {kernel} conversion kernel is not supported on this machine");
        }

        if (bands is < 0 or > MaximumBands)
        {
            throw new FFmpegException($"{bands} bands is outside 0 (one per processor)..{MaximumBands}");
        }

        Order = order;
        Width = width;
        Height = height;
        (OutputWidth, OutputHeight) = PackedFrameGeometry.EvenOutputSize(width, height);

        if (width > MaximumSize || height > MaximumSize)
        {
            throw new FFmpegException($"a {width}x{height} frame is larger than {MaximumSize}x{MaximumSize}");
        }

        Destination = destination;
        Kernel = kernel == Yuv420Kernel.Auto ? Yuv420Kernels.Best : kernel;
        _pairs = OutputHeight / 2;
        var wanted = bands == 0 ? DefaultBands : bands;
        Bands = Math.Clamp(_pairs / MinimumPairsPerBand, 1, wanted);
        _slices = Bands == 1 ? 1 : Math.Clamp(_pairs / (MinimumPairsPerBand / 2), Bands, Bands * SlicesPerBand);
        Action run = RunSlices;
        _helpers = new BandWorkItem[Bands - 1];
        for (var i = 0; i < _helpers.Length; i++)
        {
            _helpers[i] = new BandWorkItem(run);
        }
    }

    /// <summary>One band per processor (at most 8: beyond that memory bandwidth, not arithmetic, is the limit).</summary>
    public static int DefaultBands => Math.Clamp(Environment.ProcessorCount, 1, 8);

    public PixelFormat Source { get; }

    public PackedRgbOrder Order { get; }

    public int Width { get; }

    public int Height { get; }

    public int OutputWidth { get; }

    public int OutputHeight { get; }

    public Yuv420Layout Destination { get; }

    public Yuv420Kernel Kernel { get; }

    /// <summary>Threads converting a frame (the requested count, capped so each has enough rows); this one included.</summary>
    public int Bands { get; }

    /// <summary>Converts into an allocated AVFrame of this converter's output size and layout (yuv420p or nv12).</summary>
    public void Convert(ReadOnlySpan<byte> pixels, int offset, int stride, nint frame)
    {
        if (frame == 0)
        {
            throw new FFmpegException("no destination frame");
        }

        if (_frameFormat < 0)
        {
            FFmpegLibrary.EnsureLoaded();
            _frameFormat = Destination == Yuv420Layout.Nv12 ? PixelFormats.Nv12 : PixelFormats.Yuv420p;
        }

        var expected = _frameFormat;
        var format = *(int*)(frame + NativeLayout.FrameFormat);
        var width = *(int*)(frame + NativeLayout.FrameWidth);
        var height = *(int*)(frame + NativeLayout.FrameHeight);
        if (format != expected || width < OutputWidth || height < OutputHeight)
        {
            throw new FFmpegException($"the destination frame (format {format}, {width}x{height}) is not a {Destination} frame of at least {OutputWidth}x{OutputHeight}");
        }

        Convert(pixels, offset, stride, Yuv420Planes.OfFrame(frame));
    }

    /// <summary>Converts into caller-owned planes large enough for <see cref="OutputWidth"/>x<see cref="OutputHeight"/> at their strides.</summary>
    public void Convert(ReadOnlySpan<byte> pixels, int offset, int stride, Yuv420Planes planes)
    {
        PackedFrameGeometry.EnsureFits(pixels.Length, offset, stride, Width, Height, Describe());

        ValidatePlanes(planes);
        fixed (byte* start = pixels)
        {
            _source = start + offset;
            _stride = stride;
            _planes = planes;
            _nextSlice = 0;
            try
            {
                foreach (var helper in _helpers)
                {
                    helper.Queue();
                }

                RunSlices();
            }
            finally
            {
                // Every band is finished (or run here) before the pinned source goes away.
                foreach (var helper in _helpers)
                {
                    helper.Finish();
                }

                _source = null;
            }
        }
    }

    public void Dispose()
    {
        foreach (var helper in _helpers)
        {
            helper.Dispose();
        }
    }

    private void ValidatePlanes(Yuv420Planes planes)
    {
        var chromaWidth = Destination == Yuv420Layout.Nv12 ? OutputWidth : OutputWidth / 2;
        var bad = planes.Y == null || planes.YStride < OutputWidth || planes.Cb == null || planes.CbStride < chromaWidth
            || (Destination == Yuv420Layout.I420 && (planes.Cr == null || planes.CrStride < chromaWidth));
        if (bad)
        {
            throw new FFmpegException(
                $"destination planes (strides {planes.YStride}/{planes.CbStride}/{planes.CrStride}) cannot hold {OutputWidth}x{OutputHeight} {Destination}");
        }
    }

    private string Describe() => Source != PixelFormat.Unknown ? Source.ToString() : $"packed RGB {Order}";

    /// <summary>Takes slices until none is left (on the converting thread and on each helper).</summary>
    private void RunSlices()
    {
        while (true)
        {
            var slice = Interlocked.Increment(ref _nextSlice) - 1;
            if (slice >= _slices)
            {
                return;
            }

            ConvertPairs((int)((long)_pairs * slice / _slices), (int)((long)_pairs * (slice + 1) / _slices));
        }
    }

    private void ConvertPairs(int first, int end)
    {
        var source = _source;
        var stride = (long)_stride;
        var planes = _planes;
        var interleaved = Destination == Yuv420Layout.Nv12;
        var width = OutputWidth;
        var kernel = Kernel;
        ref readonly var k = ref _coefficients;
        for (var pair = first; pair < end; pair++)
        {
            var top = source + (2 * pair * stride);
            var luma = planes.Y + (2L * pair * planes.YStride);
            var cb = planes.Cb + ((long)pair * planes.CbStride);
            var cr = interleaved ? cb + 1 : planes.Cr + ((long)pair * planes.CrStride);
            var rows = new RowPair(top, top + stride, luma, luma + planes.YStride, cb, cr, interleaved);
            var x = 0;
            if (kernel == Yuv420Kernel.Vector256)
            {
                x = Vector256Rows.Convert(rows, x, width, k);
            }

            if (kernel is Yuv420Kernel.Vector256 or Yuv420Kernel.Vector128)
            {
                x = Vector128Rows.Convert(rows, x, width, k);
            }

            ScalarRows.Convert(rows, x, width, k);
        }
    }
}
