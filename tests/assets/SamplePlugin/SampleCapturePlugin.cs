using WlWebRtc.Capture;
using WlWebRtc.Media;
using WlWebRtc.Plugins;

[assembly: WlWebRtcPlugin(typeof(SamplePlugin.SampleCapturePlugin))]

namespace SamplePlugin;

/// <summary>A capture plugin that delivers one solid magenta BGRx frame when started.</summary>
public sealed class SampleCapturePlugin : ICapturePlugin
{
    public PluginMetadata Metadata { get; } = new("sample", PluginKind.Capture, new Version(0, 1), 1, "third-party sample");

    public ValueTask<ProbeResult> ProbeAsync(PluginContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ProbeResult.Available("sample plugin ready"));

    public ValueTask<ICaptureSource> CreateSourceAsync(CaptureRequest request, PluginContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult<ICaptureSource>(new OneFrameSource());

    private sealed class OneFrameSource : ICaptureSource
    {
        public string Description => "sample: one magenta frame";

        public ValueTask StartAsync(IVideoFrameSink sink, CancellationToken cancellationToken)
        {
            var pixels = new byte[64 * 64 * 4];
            for (var i = 0; i < pixels.Length; i += 4)
            {
                pixels[i] = 255;     // B
                pixels[i + 2] = 255; // R
            }

            sink.OnFrame(new ArrayFrame(pixels, 64, 64));
            return ValueTask.CompletedTask;
        }

        public ValueTask StopAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class ArrayFrame(byte[] pixels, int width, int height)
        : VideoFrame(PixelFormat.Bgrx, width, height, FrameMemoryKinds.Cpu, CaptureTime.Now(), 0)
    {
        public override IReadOnlyList<FramePlane> Planes { get; } = [new FramePlane(0, width * 4, pixels.Length)];

        protected override ReadOnlySpan<byte> GetBytesCore() => pixels;

        protected override void Dispose(bool disposing)
        {
        }
    }
}
