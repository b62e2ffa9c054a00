using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using WlWebRtc.Capture;
using WlWebRtc.Capture.TestPattern;
using WlWebRtc.Encoder.X264;
using WlWebRtc.Encoders;
using WlWebRtc.Hardware;
using WlWebRtc.Media;
using WlWebRtc.Plugins;
using WlWebRtc.Transport;

namespace WlWebRtc.WebRtc.Tests.Infrastructure;

/// <summary>
/// The real media path for transport tests: the testpattern capture plugin drawing the latency probe
/// pattern, encoded by the x264 plugin, fanned out to peer sessions. Keyframe requests from any session
/// force the next frame to be an IDR.
/// </summary>
internal sealed class PatternPipeline : IVideoFrameSink, IAsyncDisposable
{
    private readonly ICaptureSource _source;
    private readonly IVideoEncoder _encoder;
    private readonly Lock _lock = new();
    private readonly List<IPeerSession> _sessions = [];
    private int _keyframeWanted;
    private long _frames;
    private long _keyframes;
    private Exception? _failure;

    private PatternPipeline(ICaptureSource source, IVideoEncoder encoder)
    {
        _source = source;
        _encoder = encoder;
    }

    public long FramesEncoded => Interlocked.Read(ref _frames);

    public long KeyframesEncoded => Interlocked.Read(ref _keyframes);

    public Exception? Failure => _failure;

    public static async Task<PatternPipeline> StartAsync(int width, int height, int fps, int bitrate, ILoggerFactory loggerFactory)
    {
        var capturePlugin = new TestPatternPlugin();
        var captureContext = Context(new Dictionary<string, string?> { ["width"] = width.ToString(System.Globalization.CultureInfo.InvariantCulture), ["height"] = height.ToString(System.Globalization.CultureInfo.InvariantCulture), ["fps"] = fps.ToString(System.Globalization.CultureInfo.InvariantCulture) }, loggerFactory);
        var encoderPlugin = new X264EncoderPlugin();
        var encoder = encoderPlugin.CreateEncoder(new EncoderSettings(width, height, fps, bitrate), Context([], loggerFactory));
        var source = await capturePlugin.CreateSourceAsync(new CaptureRequest(encoder.InputCapabilities, fps), captureContext, CancellationToken.None);
        var pipeline = new PatternPipeline(source, encoder);
        await source.StartAsync(pipeline, CancellationToken.None);
        return pipeline;
    }

    public static PluginContext Context(Dictionary<string, string?> settings, ILoggerFactory loggerFactory)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new PluginContext(config, new ConfigurationBuilder().Build(), HardwareInventory.Empty, loggerFactory);
    }

    public void Add(IPeerSession session, RecordingObserver observer)
    {
        observer.KeyframeWanted = RequestKeyframe;
        lock (_lock)
        {
            _sessions.Add(session);
        }
    }

    public void Remove(IPeerSession session)
    {
        lock (_lock)
        {
            _sessions.Remove(session);
        }
    }

    public void RequestKeyframe() => Interlocked.Exchange(ref _keyframeWanted, 1);

    public void OnFrame(VideoFrame frame)
    {
        using (frame)
        {
            EncodedAccessUnit? au;
            try
            {
                var options = Interlocked.Exchange(ref _keyframeWanted, 0) != 0 ? EncodeOptions.ForceKeyframe : EncodeOptions.None;
                au = _encoder.Encode(frame, options);
            }
// Catch-all on purpose (see CONTRIBUTING.md, containment): recorded and reported by the test
            catch (Exception ex)
            {
                _failure = ex;
                return;
            }

            if (au is null)
            {
                return;
            }

            using (au)
            {
                Interlocked.Increment(ref _frames);
                if (au.IsKeyframe)
                {
                    Interlocked.Increment(ref _keyframes);
                }

                IPeerSession[] sessions;
                lock (_lock)
                {
                    sessions = [.. _sessions];
                }

                foreach (var session in sessions)
                {
                    session.SendVideo(au);
                }
            }
        }
    }

    public void OnStopped(Exception? failure) => _failure ??= failure;

    public async ValueTask DisposeAsync()
    {
        await _source.StopAsync(CancellationToken.None);
        await _source.DisposeAsync();
        _encoder.Dispose();
    }
}
