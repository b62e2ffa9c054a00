using BenchmarkDotNet.Attributes;
using WlWebRtc.FFmpeg;
using WlWebRtc.FFmpeg.Frames;
using WlWebRtc.Media;

namespace WlWebRtc.Benchmarks.ColorConversion;

/// <summary>swscale packed RGB → 4:2:0 with BT.709 limited range, as the encoders run it before every frame.</summary>
[MemoryDiagnoser]
public unsafe class RgbToI420Benchmarks : IDisposable
{
    private byte[] _pixels = [];
    private RgbToYuvConverter? _converter;
    private nint _frame;

    [Params("1280x720", "1920x1080")]
    public string Size { get; set; } = "1920x1080";

    [Params(PixelFormat.Bgrx, PixelFormat.Rgba)]
    public PixelFormat Source { get; set; } = PixelFormat.Bgrx;

    [Params("I420", "NV12")]
    public string Destination { get; set; } = "I420";

    [GlobalSetup]
    public void Setup()
    {
        var parts = Size.Split('x');
        var width = int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
        var height = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        _pixels = new byte[width * height * 4];
        SyntheticFrames.Desktop(_pixels, width, height, width * 4, 0);
        var format = Destination == "NV12" ? PixelFormats.Nv12 : PixelFormats.Yuv420p;
        _converter = new RgbToYuvConverter(Source, width, height, format);
        _frame = Interop.AvUtil.av_frame_alloc();
        *(int*)(_frame + NativeLayout.FrameWidth) = width;
        *(int*)(_frame + NativeLayout.FrameHeight) = height;
        *(int*)(_frame + NativeLayout.FrameFormat) = format;
        FFmpegException.ThrowIfError(Interop.AvUtil.av_frame_get_buffer(_frame, 0), "av_frame_get_buffer");
    }

    [Benchmark]
    public void Convert() => _converter!.Convert(_pixels, 0, _converter.Width * 4, _frame);

    [GlobalCleanup]
    public void Dispose()
    {
        _converter?.Dispose();
        _converter = null;
        if (_frame != 0)
        {
            Interop.AvUtil.av_frame_free(ref _frame);
        }

        GC.SuppressFinalize(this);
    }
}
