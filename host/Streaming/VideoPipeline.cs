using System.Diagnostics;
using Microsoft.Extensions.Logging;
using WlWebRtc.Capture;
using WlWebRtc.Encoders;
using WlWebRtc.Host.Configuration;
using WlWebRtc.Host.Streaming.Degradation;
using WlWebRtc.Media;

namespace WlWebRtc.Host.Streaming;

/// <summary>
/// Capture → encode → fan-out. Between capture and encoder the latest frame wins: a busy encoder finds only the
/// newest frame waiting, older ones are released at once. A frame is released as soon as it is encoded, because a
/// capture source may lend only one buffer at a time (PipeWire); while nobody watches, the newest frame waits
/// unencoded. Nothing is encoded without viewers or without a new frame (damage-driven). A keyframe request
/// (viewer joins, PLI, FIR) from any viewer goes through one <see cref="KeyframeLimiter"/> (at most one forced keyframe
/// per <c>encoder.min_keyframe_interval_ms</c>, later requests wait for the interval's end) and is then coalesced into
/// the next frame, or — on a static screen — answered by re-encoding the encoder's own copy of the last frame; the
/// same happens every <c>encoder.keyframe_refresh_seconds</c> so a late joiner never sees a blank screen. If the
/// encoder fails at run time, the next available encoder takes over; any other failure on the encoder thread is
/// logged and counted, and the thread goes on with the next frame. When the encoder's bitrate is below a useful rate
/// for the picture, the <see cref="DegradationPolicy"/> lowers the frame rate: captured frames that come sooner than
/// the lower rate allows wait (the newest one is encoded when its time comes, so a static screen still shows its last
/// change) and the encoder, opened for the capture's rate, is given the bitrate scaled up by the same factor, so each
/// encoded frame gets the bits of the lower rate; at the lowest rate it scales the picture down
/// (<see cref="FrameScaler"/>) and the encoder reopens at the smaller size. While a viewer negotiates (its offer is
/// answered, its transport not yet up) and nobody is connected, the encoder is opened for the waiting frame (warmed up)
/// without encoding or sending anything, so the connection's first keyframe does not wait for the encoder to open;
/// a warm encoder whose viewers fail or never connect is closed again (<see cref="WarmUpLimit"/>).
/// </summary>
internal sealed partial class VideoPipeline : IVideoFrameSink, IVideoStreamControl, IAsyncDisposable
{
    private readonly IReadOnlyList<EncoderCandidate> _encoders;
    private readonly EncoderOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly KeyframeLimiter _keyframes;
    private readonly ITimer _keyframeRetry;
    private readonly ITimer _frameDue;
    private readonly ITimer _warmUpExpiry;
    private readonly SemaphoreSlim _frameArrived = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _captureFailed = new();
    private readonly RateMeter _captured = new();
    private readonly RateMeter _encoded = new();
    private readonly LatencyWindow _captureToEncode = new();
    private readonly LatencyWindow _encode = new();
    private readonly LatencyWindow _convert = new();
    private readonly LatencyWindow _send = new();
    private IVideoViewers? _viewers;
    private VideoFrame? _pending;
    private IVideoEncoder? _encoder;
    private int _encoderIndex;
    private int _targetBitrate;
    private Thread? _thread;
    private long _lastEncodeTimestamp;
    private long _lastNewFrameEncoded;
    private bool _newFrameEncoded;
    private DegradationPolicy? _degradation;
    private int _encodeFrameRate;
    private int _encodeScalePercent = 100;
    private readonly FrameScaler _scaler = new();
    private int _maxFrameRate;
    private long _keyframeCount;
    private long _failures;
    private bool _warm;
    private long _warmedAt;

    /// <summary>
    /// How long an encoder opened for negotiating viewers stays open if none of them connects: the transport fails a
    /// peer that never reaches it sooner (ICE, DTLS timeouts); this bounds what a peer that answers and vanishes holds.
    /// </summary>
    internal static readonly TimeSpan WarmUpLimit = TimeSpan.FromSeconds(20);

    public VideoPipeline(IReadOnlyList<EncoderCandidate> encoders, EncoderOptions options, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = time;
        _keyframes = new KeyframeLimiter(options.MinKeyframeInterval, time);

        // Wakes the encoder thread when a keyframe request that arrived inside the interval may be served.
        _keyframeRetry = time.CreateTimer(_ => Signal(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

        // Wakes the encoder thread when a frame held back by a lowered frame rate is due.
        _frameDue = time.CreateTimer(_ => Signal(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

        // Wakes the encoder thread to close a warmed-up encoder whose viewers never connected.
        _warmUpExpiry = time.CreateTimer(_ => Signal(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _encoders = encoders;
        _options = options;
        _logger = logger;
        _targetBitrate = options.Bitrate;
    }

    public int TargetBitrate => Volatile.Read(ref _targetBitrate);

    /// <summary>The <c>[degradation]</c> policy's settings.</summary>
    public DegradationOptions Degradation { get; init; } = DegradationOptions.Default;

    /// <summary>The frame rate frames are encoded at now (0 before the first frame): the capture's, or lower while degraded.</summary>
    public int EncodeFrameRate => Volatile.Read(ref _encodeFrameRate);

    /// <summary>The picture's scale now, in percent of the captured size: 100, or 75 and 50 while degraded.</summary>
    public int EncodeScalePercent => Volatile.Read(ref _encodeScalePercent);

    public string EncoderDescription => _encoder?.Description ?? (_encoders.Count > _encoderIndex ? _encoders[_encoderIndex].Name + " (idle)" : "none");

    public (double Fps, long Bps) CaptureRate => _captured.Read();

    public (double Fps, long Bps) EncodeRate => _encoded.Read();

    /// <summary>Frames captured, access units encoded (of which keyframes) and encoded bytes since the start.</summary>
    public PipelineTotals Totals => new(_captured.Total, _encoded.Total, Interlocked.Read(ref _keyframeCount), _encoded.TotalBytes)
    {
        KeyframeRequestsCoalesced = _keyframes.Coalesced,
        Failures = Interlocked.Read(ref _failures),
    };

    public Exception? CaptureFailure { get; private set; }

    /// <summary>Cancelled when the capture source stops with a failure: the picture would freeze, so the server stops.</summary>
    public CancellationToken CaptureFailed => _captureFailed.Token;

    /// <summary>The last unexpected failure on the encoder thread (other than an encoder failing, which falls back).</summary>
    public Exception? LastFailure { get; private set; }

    /// <summary>Where each frame's stage latencies are recorded too, in seconds with a <c>stage</c> tag (<see cref="StreamingMetrics"/>).</summary>
    public System.Diagnostics.Metrics.Histogram<double>? StageLatency { get; init; }

    /// <summary>Called once, from the capture thread, with the size of the first frame.</summary>
    public Action<int, int>? FrameSizeKnown { get; init; }

    private int _sizeReported;

    /// <summary>The last captured frame's size, width in the high half (0: none yet).</summary>
    private long _captureSize;

    /// <summary>Per-stage latency: capture → encode start, colour conversion, coding, and packetize/send (handing the frame to every viewer).</summary>
    public IReadOnlyDictionary<string, LatencyPercentiles?> StageLatencies => new Dictionary<string, LatencyPercentiles?>
    {
        ["capture_to_encode"] = _captureToEncode.Percentiles(),
        ["convert"] = _convert.Percentiles(),
        ["encode"] = _encode.Percentiles(),
        ["send"] = _send.Percentiles(),
    };

    /// <summary>
    /// The medians of the newest <paramref name="frames"/> frames' stages in ms (null: none yet), for the viewers'
    /// overlays: capture → encode start, conversion, coding, and handing the frame to the viewers.
    /// </summary>
    public (double? CaptureToEncode, double? Convert, double? Encode, double? Send) RecentStageMedians(int frames) =>
        (_captureToEncode.RecentMedian(frames), _convert.RecentMedian(frames), _encode.RecentMedian(frames), _send.RecentMedian(frames));

    /// <summary>
    /// How long ago the last new captured frame was encoded (repeats for a keyframe or refresh apart); null before the
    /// first. Long on a static screen: the stage medians then describe old frames.
    /// </summary>
    public TimeSpan? SinceNewFrame => Volatile.Read(ref _lastNewFrameEncoded) is var at and not 0 ? _time.GetElapsedTime(at) : null;

    /// <summary>Starts the encoder thread, which encodes for <paramref name="viewers"/> from now on.</summary>
    public void Start(IVideoViewers viewers)
    {
        ArgumentNullException.ThrowIfNull(viewers);
        _viewers = viewers;
        _thread = new Thread(Run) { IsBackground = true, Name = "wlwebrtc encoder" };
        _thread.Start();
    }

    /// <summary>
    /// Asks for a keyframe: with the next frame, or from the encoder's copy of the last one if the screen is static;
    /// inside the minimum keyframe interval, at its end.
    /// </summary>
    public void RequestKeyframe()
    {
        _keyframes.Request();
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
            _encoder?.SetBitrate(EncoderBitrate());
        }
    }

    void IVideoFrameSink.OnFrame(VideoFrame frame)
    {
        _captured.Add();
        if (Interlocked.Exchange(ref _sizeReported, 1) == 0)
        {
            try
            {
                FrameSizeKnown?.Invoke(frame.Width, frame.Height);
            }
// Catch-all on purpose (see CONTRIBUTING.md, containment): The capture thread calls: a failing size observer must not stop the capture.
            catch (Exception ex)
            {
                Log.FrameSizeObserverFailed(_logger, ex);
            }
        }

        var size = ((long)frame.Width << 32) | (uint)frame.Height;
        if (Interlocked.Exchange(ref _captureSize, size) != size)
        {
            try
            {
                _viewers?.ShowCaptureSize(frame.Width, frame.Height);
            }
// Catch-all on purpose (see CONTRIBUTING.md, containment): The capture thread calls: a size the cursor relay cannot take must not stop the capture.
            catch (Exception ex)
            {
                Log.CursorRelayFailed(_logger, ex);
            }
        }

        if (frame.Cursor is { } cursor)
        {
            ((IVideoFrameSink)this).OnCursor(cursor);
        }

        Interlocked.Exchange(ref _pending, frame)?.Dispose();
        Signal();
    }

    void IVideoFrameSink.OnCursor(CursorInfo cursor)
    {
        try
        {
            _viewers?.ShowCursor(cursor);
        }
// Catch-all on purpose (see CONTRIBUTING.md, containment): The capture thread calls: a cursor that cannot be relayed must not stop the capture.
        catch (Exception ex)
        {
            Log.CursorRelayFailed(_logger, ex);
        }
    }

    void IVideoFrameSink.OnStopped(Exception? failure)
    {
        if (failure is not null)
        {
            CaptureFailure = failure;
            Log.CaptureStopped(_logger, failure);
            try
            {
                _captureFailed.Cancel();
            }
            catch (AggregateException ex)
            {
                // The capture thread calls: whoever waits for the failure must not throw into it.
                Log.CaptureFailureObserverFailed(_logger, ex);
            }
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
        catch (ObjectDisposedException)
        {
            // Stopped: a late keyframe timer or request has nothing left to wake.
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

            try
            {
                Step(refresh);
            }
// Catch-all on purpose (see CONTRIBUTING.md, containment): The encoder thread serves every viewer: one failure costs one frame, not the stream or the process.
            catch (Exception ex)
            {
                Interlocked.Increment(ref _failures);
                LastFailure = ex;
                Log.StepFailed(_logger, ex);
            }
        }
    }

    private void Step(TimeSpan refresh)
    {
        if (_viewers is not { ConnectedCount: > 0 })
        {
            // Nobody watches: the newest frame stays pending (unencoded) for the first viewer, with the encoder opened
            // for it while a viewer negotiates.
            WarmUpOrCool(_viewers?.NegotiatingCount ?? 0);
            return;
        }

        var frame = Interlocked.Exchange(ref _pending, null);
        if (frame is not null)
        {
            if (HoldForFrameRate(frame))
            {
                return;
            }

            using (var encoded = ScaleForPolicy(frame))
            {
                EncodeAndSend(encoded);
            }

            return;
        }

        if (_keyframes.TryTake(out var retryIn))
        {
            RepeatLastFrame(requested: true);
        }
        else if (refresh > TimeSpan.Zero && _time.GetElapsedTime(_lastEncodeTimestamp) >= refresh)
        {
            RepeatLastFrame(requested: false);
        }

        WakeForKeyframe(retryIn);
    }

    /// <summary>
    /// Lets the degradation policy move the frame rate for the current bitrate and picture size, and holds
    /// <paramref name="frame"/> back (as the pending frame, unless a newer one came meanwhile) if it comes sooner than
    /// that rate allows; true if held. 80 % of the interval counts, so a 30 fps capture halves exactly at 15 fps.
    /// </summary>
    private bool HoldForFrameRate(VideoFrame frame)
    {
        if (_degradation is null)
        {
            _maxFrameRate = Math.Max(1, _encoders.Count > 0 ? _encoders[Math.Min(_encoderIndex, _encoders.Count - 1)].FrameRate : 1);
            _degradation = new DegradationPolicy(Degradation, _maxFrameRate, _time);
            Volatile.Write(ref _encodeFrameRate, _maxFrameRate);
        }

        if (_degradation.Update(TargetBitrate, frame.Width, frame.Height))
        {
            Volatile.Write(ref _encodeFrameRate, _degradation.FrameRate);
            var (width, height) = _degradation.EncodedSize(frame.Width, frame.Height);
            Volatile.Write(ref _encodeScalePercent, (int)Math.Round(_degradation.Scale * 100));
            Log.EncodeFrameRateChanged(_logger, _degradation.FrameRate, width, height, TargetBitrate, frame.Width, frame.Height);
            _encoder?.SetBitrate(EncoderBitrate());
        }

        if (_degradation.FrameRate >= _maxFrameRate || !_newFrameEncoded)
        {
            return false;
        }

        var wait = TimeSpan.FromSeconds(0.8 / _degradation.FrameRate) - _time.GetElapsedTime(_lastNewFrameEncoded);
        if (wait <= TimeSpan.Zero)
        {
            return false;
        }

        if (Interlocked.CompareExchange(ref _pending, frame, null) is not null)
        {
            frame.Dispose(); // a newer frame came meanwhile: it waits instead
        }

        _frameDue.Change(wait, Timeout.InfiniteTimeSpan);
        return true;
    }

    /// <summary>
    /// The frame to encode: <paramref name="frame"/> itself, or — on a resolution rung of the policy — a scaled copy,
    /// with <paramref name="frame"/> released at once (the capture may lend one buffer only). The encoder reopens at
    /// the new size with an IDR; viewers scale the picture to their page and send pointer positions normalised to it,
    /// so the smaller stream shows at the same size and clicks land where they did.
    /// </summary>
    private VideoFrame ScaleForPolicy(VideoFrame frame)
    {
        if (_degradation is not { Scale: < 1 } policy || !FrameScaler.CanScale(frame))
        {
            return frame;
        }

        var (width, height) = policy.EncodedSize(frame.Width, frame.Height);
        using (frame)
        {
            return _scaler.Scale(frame, width, height);
        }
    }

    /// <summary>The bitrate the encoder is given: the target, scaled up while frames are skipped (it was opened for the capture's rate).</summary>
    private int EncoderBitrate()
    {
        var encoded = Volatile.Read(ref _encodeFrameRate);
        var max = Volatile.Read(ref _maxFrameRate);
        return encoded > 0 && max > encoded ? (int)Math.Min(int.MaxValue, (long)TargetBitrate * max / encoded) : TargetBitrate;
    }

    /// <summary>A keyframe request waits inside the interval: wake the thread when it may be served.</summary>
    private void WakeForKeyframe(TimeSpan retryIn)
    {
        if (retryIn > TimeSpan.Zero)
        {
            _keyframeRetry.Change(retryIn, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>A keyframe of the last frame from the encoder's own copy; if it keeps none, the request waits for the next frame.</summary>
    private void RepeatLastFrame(bool requested)
    {
        EncodedAccessUnit? accessUnit = null;
        try
        {
            accessUnit = _encoder?.RepeatLastFrame(EncodeOptions.ForceKeyframe);
        }
        catch (VideoEncoderException ex)
        {
            Log.RepeatFailed(_logger, ex);
        }

        if (accessUnit is null)
        {
            if (requested)
            {
                // Nothing to repeat: the request waits for the next frame and has used none of the budget.
                _keyframes.Return();
            }

            return;
        }

        using (accessUnit)
        {
            if (!requested)
            {
                _keyframes.Forced();
            }

            _lastEncodeTimestamp = _time.GetTimestamp();
            Send(accessUnit, captureTimestamp: null);
        }
    }

    private void EncodeAndSend(VideoFrame frame)
    {
        while (_encoderIndex < _encoders.Count)
        {
            EncodedAccessUnit? accessUnit;
            try
            {
                var options = EncodeOptions.None;
                if (_encoder is null || _warm)
                {
                    // A new (or warmed-up, not yet used) encoder's stream starts with a keyframe whatever the budget
                    // says; it serves what waits.
                    if (_warm)
                    {
                        // Opened while the viewer negotiated: the start estimate its connection brought may have come
                        // between the opening and the assignment that lets OnBandwidthEstimate reach it.
                        _warm = false;
                        _encoder!.SetBitrate(EncoderBitrate());
                    }

                    _encoder ??= CreateEncoder(frame);
                    _keyframes.Forced();
                    options = EncodeOptions.ForceKeyframe;
                }
                else if (_keyframes.TryTake(out var retryIn))
                {
                    options = EncodeOptions.ForceKeyframe;
                }
                else
                {
                    WakeForKeyframe(retryIn);
                }

                accessUnit = _encoder.Encode(frame, options);
                _lastEncodeTimestamp = _time.GetTimestamp();
                Volatile.Write(ref _lastNewFrameEncoded, _lastEncodeTimestamp);
                _newFrameEncoded = true;
            }
// Catch-all on purpose (see CONTRIBUTING.md, containment): Whatever an encoder plugin throws, the next encoder takes over; the stream goes on.
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                var failed = _encoders[_encoderIndex].Name;
                DisposeEncoder(failed);
                _encoder = null;
                _encoderIndex++;
                var next = _encoderIndex < _encoders.Count ? _encoders[_encoderIndex].Name : "none";
                Log.EncoderFailed(_logger, failed, next, ex);
                continue;
            }

            if (accessUnit is not null)
            {
                using (accessUnit)
                {
                    Send(accessUnit, frame.CaptureTime.MonotonicTimestamp);
                }
            }

            return;
        }
    }

    /// <summary>
    /// Nobody is connected: with <paramref name="negotiating"/> viewers, opens the encoder for the waiting frame's size
    /// (nothing is encoded: the frame stays pending); a warm encoder is closed again once no viewer negotiates or
    /// <see cref="WarmUpLimit"/> has passed, so a peer that fails or never connects holds no encoder.
    /// </summary>
    private void WarmUpOrCool(int negotiating)
    {
        if (_warm)
        {
            if (negotiating == 0 || _time.GetElapsedTime(_warmedAt) >= WarmUpLimit)
            {
                Log.WarmEncoderClosed(_logger, _encoders[_encoderIndex].Name, negotiating);
                DisposeEncoder(_encoders[_encoderIndex].Name);
                _encoder = null;
                _warm = false;
            }

            return;
        }

        if (negotiating == 0 || _encoder is not null || Interlocked.Exchange(ref _pending, null) is not { } frame)
        {
            return;
        }

        var (width, height) = _degradation is { Scale: < 1 } policy && FrameScaler.CanScale(frame)
            ? policy.EncodedSize(frame.Width, frame.Height)
            : (frame.Width, frame.Height);
        if (Interlocked.CompareExchange(ref _pending, frame, null) is not null)
        {
            frame.Dispose(); // a newer frame came meanwhile: it waits instead
        }

        while (_encoderIndex < _encoders.Count)
        {
            try
            {
                _encoder = CreateEncoder(width, height);
                _warm = true;
                _warmedAt = _time.GetTimestamp();
                _warmUpExpiry.Change(WarmUpLimit, Timeout.InfiniteTimeSpan);
                return;
            }
// Catch-all on purpose (see CONTRIBUTING.md, containment): Whatever an encoder plugin throws while opening, the next encoder is tried, as at run time.
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                var failed = _encoders[_encoderIndex].Name;
                _encoderIndex++;
                var next = _encoderIndex < _encoders.Count ? _encoders[_encoderIndex].Name : "none";
                Log.EncoderFailed(_logger, failed, next, ex);
            }
        }
    }

    private void DisposeEncoder(string name)
    {
        try
        {
            _encoder?.Dispose();
        }
// Catch-all on purpose (see CONTRIBUTING.md, containment): A failed encoder failing again while closing changes nothing for the stream.
        catch (Exception ex)
        {
            Log.EncoderCloseFailed(_logger, name, ex);
        }
    }

    private void Send(EncodedAccessUnit accessUnit, long? captureTimestamp)
    {
        _encoded.Add(accessUnit.Data.Length);
        if (accessUnit.IsKeyframe)
        {
            Interlocked.Increment(ref _keyframeCount);
        }
        if (captureTimestamp is { } captured && accessUnit.EncodeStartTimestamp != 0)
        {
            Record(_captureToEncode, "capture_to_encode", Stopwatch.GetElapsedTime(captured, accessUnit.EncodeStartTimestamp));
            // Conversion apart from coding when the encoder tells where one ended (0: the whole span is "encode").
            var converted = accessUnit.ConvertEndTimestamp is var c and not 0 ? c : accessUnit.EncodeStartTimestamp;
            Record(_convert, "convert", Stopwatch.GetElapsedTime(accessUnit.EncodeStartTimestamp, converted));
            Record(_encode, "encode", Stopwatch.GetElapsedTime(converted, accessUnit.EncodeEndTimestamp));
        }

        var sendStart = Stopwatch.GetTimestamp();
        _viewers?.Broadcast(accessUnit);
        Record(_send, "send", Stopwatch.GetElapsedTime(sendStart));
    }

    private void Record(LatencyWindow window, string stage, TimeSpan latency)
    {
        window.Add(latency);
        StageLatency?.Record(latency.TotalSeconds, new KeyValuePair<string, object?>("stage", stage));
    }

    private IVideoEncoder CreateEncoder(VideoFrame frame) => CreateEncoder(frame.Width, frame.Height);

    private IVideoEncoder CreateEncoder(int width, int height)
    {
        var candidate = _encoders[_encoderIndex];
        var settings = new EncoderSettings(width, height, Math.Max(1, candidate.FrameRate), EncoderBitrate());
        var encoder = candidate.Create(settings);
        Log.EncoderOpened(_logger, encoder.Description, width, height);
        if (EncoderBitrate() != settings.BitrateBitsPerSecond)
        {
            // An estimate came while the encoder opened (the first viewer's start estimate follows its connection at
            // once) and found no encoder to tell: without this the first keyframe and the seconds after it were encoded
            // for the configured bitrate (8 Mb/s) and overfilled a 3 Mb/s link until the estimate moved by 5 %.
            encoder.SetBitrate(EncoderBitrate());
        }

        return encoder;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _thread?.Join();
        await _keyframeRetry.DisposeAsync().ConfigureAwait(false);
        await _frameDue.DisposeAsync().ConfigureAwait(false);
        await _warmUpExpiry.DisposeAsync().ConfigureAwait(false);
        Interlocked.Exchange(ref _pending, null)?.Dispose();
        _encoder?.Dispose();
        _frameArrived.Dispose();
        _stop.Dispose();
        _captureFailed.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.CursorRelayFailed, LogLevel.Warning, "Relaying the cursor to the viewers failed")]
        public static partial void CursorRelayFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventIds.CaptureStopped, LogLevel.Error, "Capture stopped")]
        public static partial void CaptureStopped(ILogger logger, Exception exception);

        [LoggerMessage(EventIds.EncoderFailed, LogLevel.Error, "Encoder {Failed} failed at run time; falling back to {Next}")]
        public static partial void EncoderFailed(ILogger logger, string failed, string next, Exception exception);

        [LoggerMessage(EventIds.RepeatFailed, LogLevel.Warning, "Re-encoding the last frame as a keyframe failed")]
        public static partial void RepeatFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventIds.EncoderOpened, LogLevel.Information, "Encoder opened: {Description} at {Width}x{Height}")]
        public static partial void EncoderOpened(ILogger logger, string description, int width, int height);

        [LoggerMessage(EventIds.PipelineStepFailed, LogLevel.Error, "The encoder thread failed on one frame; it goes on with the next")]
        public static partial void StepFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventIds.EncoderCloseFailed, LogLevel.Warning, "Closing the failed encoder {Name} failed")]
        public static partial void EncoderCloseFailed(ILogger logger, string name, Exception exception);

        [LoggerMessage(EventIds.FrameSizeObserverFailed, LogLevel.Error, "The first frame's size could not be handed on")]
        public static partial void FrameSizeObserverFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventIds.EncodeFrameRateChanged, LogLevel.Information, "Encoding at {FrameRate} fps and {EncodedWidth}x{EncodedHeight} for {Bitrate} b/s from a {Width}x{Height} capture (degradation policy)")]
        public static partial void EncodeFrameRateChanged(ILogger logger, int frameRate, int encodedWidth, int encodedHeight, int bitrate, int width, int height);

        [LoggerMessage(EventIds.WarmEncoderClosed, LogLevel.Information, "Encoder {Name}, opened for negotiating viewers, closed: none connected ({Negotiating} still negotiating)")]
        public static partial void WarmEncoderClosed(ILogger logger, string name, int negotiating);

        [LoggerMessage(EventIds.CaptureFailureObserverFailed, LogLevel.Error, "The capture failure could not be handed on")]
        public static partial void CaptureFailureObserverFailed(ILogger logger, Exception exception);
    }
}

/// <summary>An encoder plugin the pipeline may use, in order of preference.</summary>
internal sealed record EncoderCandidate(string Name, int FrameRate, Func<EncoderSettings, IVideoEncoder> Create);
