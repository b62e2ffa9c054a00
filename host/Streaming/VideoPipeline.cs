using System.Diagnostics;
using Microsoft.Extensions.Logging;
using WlWebRtc.Capture;
using WlWebRtc.Encoders;
using WlWebRtc.Host.Configuration;
using WlWebRtc.Media;

namespace WlWebRtc.Host.Streaming;

/// <summary>
/// Capture → encode → fan-out. Between capture and encoder the latest frame wins: a busy encoder finds only the
/// newest frame waiting, older ones are released at once. A frame is released as soon as it is encoded, because a
/// capture source may lend only one buffer at a time (PipeWire); while nobody watches, the newest frame waits
/// unencoded. Nothing is encoded without viewers or without a new frame (damage-driven). A keyframe request
/// (viewer joins, PLI, FIR) is coalesced into the next frame, or — on a static screen — answered at once by
/// re-encoding the encoder's own copy of the last frame; the same happens every <c>encoder.keyframe_refresh_seconds</c>
/// so a late joiner never sees a blank screen. If the encoder fails at run time, the next available encoder takes over.
/// </summary>
internal sealed partial class VideoPipeline : IVideoFrameSink, IAsyncDisposable
{
    private readonly IReadOnlyList<EncoderCandidate> _encoders;
    private readonly EncoderOptions _options;
    private readonly Func<int> _viewerCount;
    private readonly Action<EncodedAccessUnit> _broadcast;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _frameArrived = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly RateMeter _captured = new();
    private readonly RateMeter _encoded = new();
    private readonly LatencyWindow _captureToEncode = new();
    private readonly LatencyWindow _encode = new();
    private readonly LatencyWindow _send = new();
    private VideoFrame? _pending;
    private IVideoEncoder? _encoder;
    private int _encoderIndex;
    private int _keyframeRequested = 1;
    private int _targetBitrate;
    private Thread? _thread;
    private long _lastEncodeTimestamp;
    private long _keyframes;

    public VideoPipeline(IReadOnlyList<EncoderCandidate> encoders, EncoderOptions options, Func<int> viewerCount, Action<EncodedAccessUnit> broadcast, ILogger logger)
    {
        _encoders = encoders;
        _options = options;
        _viewerCount = viewerCount;
        _broadcast = broadcast;
        _logger = logger;
        _targetBitrate = options.Bitrate;
    }

    public int TargetBitrate => Volatile.Read(ref _targetBitrate);

    public string EncoderDescription => _encoder?.Description ?? (_encoders.Count > _encoderIndex ? _encoders[_encoderIndex].Name + " (idle)" : "none");

    public (double Fps, long Bps) CaptureRate => _captured.Read();

    public (double Fps, long Bps) EncodeRate => _encoded.Read();

    /// <summary>Frames captured, access units encoded (of which keyframes) and encoded bytes since the start.</summary>
    public PipelineTotals Totals => new(_captured.Total, _encoded.Total, Interlocked.Read(ref _keyframes), _encoded.TotalBytes);

    public Exception? CaptureFailure { get; private set; }

    /// <summary>Called once, from the capture thread, with the size of the first frame.</summary>
    public Action<int, int>? FrameSizeKnown { get; init; }

    private int _sizeReported;

    /// <summary>Per-stage latency: capture → encode start, encode, and packetize/send (handing the frame to every viewer).</summary>
    public IReadOnlyDictionary<string, LatencyPercentiles?> StageLatencies => new Dictionary<string, LatencyPercentiles?>
    {
        ["capture_to_encode"] = _captureToEncode.Percentiles(),
        ["encode"] = _encode.Percentiles(),
        ["send"] = _send.Percentiles(),
    };

    public void Start()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "wlwebrtc encoder" };
        _thread.Start();
    }

    /// <summary>Asks for a keyframe now: with the next frame, or from the encoder's copy of the last one if the screen is static.</summary>
    public void RequestKeyframe()
    {
        Volatile.Write(ref _keyframeRequested, 1);
        Signal();
    }

    /// <summary>Lowers or raises the bitrate towards the transport's estimate, within the configured bounds.</summary>
    public void OnBandwidthEstimate(long bitsPerSecond)
    {
        var target = (int)Math.Clamp(bitsPerSecond * 9 / 10, _options.MinBitrate, _options.MaxBitrate);
        target = Math.Min(target, _options.MaxBitrate);
        if (Math.Abs(target - TargetBitrate) > TargetBitrate / 20)
        {
            Volatile.Write(ref _targetBitrate, target);
            _encoder?.SetBitrate(target);
        }
    }

    void IVideoFrameSink.OnFrame(VideoFrame frame)
    {
        _captured.Add();
        if (Interlocked.Exchange(ref _sizeReported, 1) == 0)
        {
            FrameSizeKnown?.Invoke(frame.Width, frame.Height);
        }

        Interlocked.Exchange(ref _pending, frame)?.Dispose();
        Signal();
    }

    void IVideoFrameSink.OnStopped(Exception? failure)
    {
        if (failure is not null)
        {
            CaptureFailure = failure;
            Log.CaptureStopped(_logger, failure);
        }
    }

    private void Signal()
    {
        try
        {
            _frameArrived.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: the encoder thread will find the newest frame.
        }
    }

    private void Run()
    {
        var refresh = _options.KeyframeRefresh;
        var waitLimit = refresh > TimeSpan.Zero ? refresh : Timeout.InfiniteTimeSpan;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                _frameArrived.Wait(waitLimit, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (_viewerCount() == 0)
            {
                // Nobody watches: the newest frame stays pending (unencoded) for the first viewer.
                continue;
            }

            var frame = Interlocked.Exchange(ref _pending, null);
            if (frame is not null)
            {
                using (frame)
                {
                    EncodeAndSend(frame);
                }

                continue;
            }

            var refreshDue = refresh > TimeSpan.Zero && Stopwatch.GetElapsedTime(_lastEncodeTimestamp) >= refresh;
            if (refreshDue || Volatile.Read(ref _keyframeRequested) == 1)
            {
                RepeatLastFrame();
            }
        }
    }

    /// <summary>A keyframe of the last frame from the encoder's own copy; if it keeps none, the request waits for the next frame.</summary>
    private void RepeatLastFrame()
    {
        if (_encoder is null)
        {
            return;
        }

        try
        {
            using var accessUnit = _encoder.RepeatLastFrame(EncodeOptions.ForceKeyframe);
            if (accessUnit is not null)
            {
                Volatile.Write(ref _keyframeRequested, 0);
                _lastEncodeTimestamp = Stopwatch.GetTimestamp();
                Send(accessUnit, captureTimestamp: null);
            }
        }
        catch (VideoEncoderException ex)
        {
            Log.RepeatFailed(_logger, ex);
        }
    }

    private void EncodeAndSend(VideoFrame frame)
    {
        while (_encoderIndex < _encoders.Count)
        {
            try
            {
                _encoder ??= CreateEncoder(frame);
                var options = Interlocked.Exchange(ref _keyframeRequested, 0) == 1 ? EncodeOptions.ForceKeyframe : EncodeOptions.None;
                using var accessUnit = _encoder.Encode(frame, options);
                _lastEncodeTimestamp = Stopwatch.GetTimestamp();
                if (accessUnit is not null)
                {
                    Send(accessUnit, frame.CaptureTime.MonotonicTimestamp);
                }

                return;
            }
            catch (VideoEncoderException ex)
            {
                var failed = _encoders[_encoderIndex].Name;
                _encoder?.Dispose();
                _encoder = null;
                _encoderIndex++;
                RequestKeyframe();
                var next = _encoderIndex < _encoders.Count ? _encoders[_encoderIndex].Name : "none";
                Log.EncoderFailed(_logger, failed, next, ex);
            }
        }
    }

    private void Send(EncodedAccessUnit accessUnit, long? captureTimestamp)
    {
        _encoded.Add(accessUnit.Data.Length);
        if (accessUnit.IsKeyframe)
        {
            Interlocked.Increment(ref _keyframes);
        }
        if (captureTimestamp is { } captured && accessUnit.EncodeStartTimestamp != 0)
        {
            _captureToEncode.Add(Stopwatch.GetElapsedTime(captured, accessUnit.EncodeStartTimestamp));
            _encode.Add(Stopwatch.GetElapsedTime(accessUnit.EncodeStartTimestamp, accessUnit.EncodeEndTimestamp));
        }

        var sendStart = Stopwatch.GetTimestamp();
        _broadcast(accessUnit);
        _send.Add(Stopwatch.GetElapsedTime(sendStart));
    }

    private IVideoEncoder CreateEncoder(VideoFrame frame)
    {
        var candidate = _encoders[_encoderIndex];
        var settings = new EncoderSettings(frame.Width, frame.Height, Math.Max(1, candidate.FrameRate), TargetBitrate);
        var encoder = candidate.Create(settings);
        Log.EncoderOpened(_logger, encoder.Description, frame.Width, frame.Height);
        return encoder;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _thread?.Join();
        Interlocked.Exchange(ref _pending, null)?.Dispose();
        _encoder?.Dispose();
        _frameArrived.Dispose();
        _stop.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(300, LogLevel.Error, "Capture stopped")]
        public static partial void CaptureStopped(ILogger logger, Exception exception);

        [LoggerMessage(301, LogLevel.Error, "Encoder {Failed} failed at run time; falling back to {Next}")]
        public static partial void EncoderFailed(ILogger logger, string failed, string next, Exception exception);

        [LoggerMessage(303, LogLevel.Warning, "Re-encoding the last frame as a keyframe failed")]
        public static partial void RepeatFailed(ILogger logger, Exception exception);

        [LoggerMessage(302, LogLevel.Information, "Encoder opened: {Description} at {Width}x{Height}")]
        public static partial void EncoderOpened(ILogger logger, string description, int width, int height);
    }
}

/// <summary>An encoder plugin the pipeline may use, in order of preference.</summary>
internal sealed record EncoderCandidate(string Name, int FrameRate, Func<EncoderSettings, IVideoEncoder> Create);
