using BenchmarkDotNet.Attributes;
using WlWebRtc.FFmpeg;
using WlWebRtc.FFmpeg.Conversion;
using WlWebRtc.FFmpeg.Frames;
using WlWebRtc.Media;

namespace WlWebRtc.Benchmarks.ColorConversion;

/// <summary>
/// Packed BGRx → 4:2:0 with BT.709 limited range, as the encoders run it before every frame: swscale (the baseline,
/// single-threaded C) beside the managed converter on one band and on its default band count (one per core).
/// </summary>
[MemoryDiagnoser]
public unsafe class RgbToI420Benchmarks : IDisposable
{
    private byte[] _pixels = [];
    private int _width;
    private RgbToYuvConverter? _swscale;
    private PackedRgbToYuv420? _oneBand;
    private PackedRgbToYuv420? _defaultBands;
    private nint _frame;

    [Params("1280x720", "1920x1080", "3840x2160")]
    public string Size { get; set; } = "1920x1080";

    [Params("I420", "NV12")]
    public string Destination { get; set; } = "I420";

    [GlobalSetup]
    public void Setup()
    {
        FFmpegLibrary.EnsureLoaded();
        var parts = Size.Split('x');
        _width = int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
        var height = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        _pixels = new byte[_width * height * 4];
        SyntheticFrames.Desktop(_pixels, _width, height, _width * 4, 0);
        var nv12 = Destination == "NV12";
        var format = nv12 ? PixelFormats.Nv12 : PixelFormats.Yuv420p;
        var layout = nv12 ? Yuv420Layout.Nv12 : Yuv420Layout.I420;
        _swscale = new RgbToYuvConverter(PixelFormat.Bgrx, _width, height, format);
        _oneBand = new PackedRgbToYuv420(PixelFormat.Bgrx, _width, height, layout, bands: 1);
        _defaultBands = new PackedRgbToYuv420(PixelFormat.Bgrx, _width, height, layout);
        _frame = Interop.AvUtil.av_frame_alloc();
        *(int*)(_frame + NativeLayout.FrameWidth) = _width;
        *(int*)(_frame + NativeLayout.FrameHeight) = height;
        *(int*)(_frame + NativeLayout.FrameFormat) = format;
        FFmpegException.ThrowIfError(Interop.AvUtil.av_frame_get_buffer(_frame, 0), "av_frame_get_buffer");
    }

    [Benchmark(Baseline = true)]
    public void Swscale() => _swscale!.Convert(_pixels, 0, _width * 4, _frame);

    [Benchmark]
    public void ManagedOneBand() => _oneBand!.Convert(_pixels, 0, _width * 4, _frame);

    [Benchmark]
    public void ManagedDefaultBands() => _defaultBands!.Convert(_pixels, 0, _width * 4, _frame);

    [GlobalCleanup]
    public void Dispose()
    {
        _swscale?.Dispose();
        _swscale = null;
        _oneBand?.Dispose();
        _oneBand = null;
        _defaultBands?.Dispose();
        _defaultBands = null;
        if (_frame != 0)
        {
            Interop.AvUtil.av_frame_free(ref _frame);
        }

        GC.SuppressFinalize(this);
    }
}
