using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using WlWebRtc.Capture;
using WlWebRtc.Encoders;
using WlWebRtc.Host.Configuration;
using WlWebRtc.Host.Streaming;
using WlWebRtc.Media;
using WlWebRtc.Testing;

namespace WlWebRtc.Host.Tests.Streaming;

/// <summary>
/// The pipeline's rules with a recording encoder: latest frame wins, frames released once encoded, damage-driven
/// (a static screen encodes nothing), keyframe requests coalesced, refresh, fallback, bitrate bounds. The real
/// encoders, capture and browser are exercised by the end-to-end tests; these pin the logic.
/// </summary>
public sealed class VideoPipelineTests : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan KeyframeInterval = TimeSpan.FromMilliseconds(500);
    private readonly ManualTimeProvider _clock = new();
    private Action<EncodedAccessUnit>? _broadcastHook;
    private Action<EncoderSettings>? _createHook;
    private readonly ConcurrentQueue<(long Sequence, bool Keyframe)> _sent = new();
    private readonly ConcurrentQueue<(int Width, int Height)> _captureSizes = new();
    private readonly List<RecordingEncoder> _created = [];
    private int _viewers = 1;
    private int _negotiating;
    private Host.Streaming.Degradation.DegradationOptions _degradation = Host.Streaming.Degradation.DegradationOptions.Default;
    private VideoPipeline? _pipeline;

    private VideoPipeline Start(TimeSpan? refresh = null, params string[] encoders) => Start(_clock, refresh, encoders);

    private VideoPipeline Start(TimeProvider time, TimeSpan? refresh = null, params string[] encoders)
    {
        var candidates = (encoders.Length == 0 ? ["first"] : encoders).Select(name => new EncoderCandidate(name, 30, settings =>
        {
            _createHook?.Invoke(settings);
            var encoder = new RecordingEncoder(name);
            lock (_created)
            {
                _created.Add(encoder);
            }

            return encoder;
        })).ToArray();
        var options = new EncoderOptions(new KindSelection(["auto"]), 8_000_000, 1_000_000, 20_000_000, refresh ?? TimeSpan.Zero) { MinKeyframeInterval = KeyframeInterval };
        _pipeline = new VideoPipeline(candidates, options, time, NullLogger.Instance) { Degradation = _degradation };
        _pipeline.Start(new Viewers(this));
        return _pipeline;
    }

    /// <summary>The viewers as the pipeline sees them: a count the test sets and a record of what was broadcast.</summary>
    private sealed class Viewers(VideoPipelineTests test) : IVideoViewers
    {
        public int ConnectedCount => Volatile.Read(ref test._viewers);

        public int NegotiatingCount => Volatile.Read(ref test._negotiating);

        public void Broadcast(EncodedAccessUnit accessUnit)
        {
            test._broadcastHook?.Invoke(accessUnit);
            test._sent.Enqueue((accessUnit.Sequence, accessUnit.IsKeyframe));
        }

        public void ShowCursor(CursorInfo cursor)
        {
        }

        public void ShowCaptureSize(int width, int height) => test._captureSizes.Enqueue((width, height));
    }

    private RecordingEncoder Encoder(int index = 0)
    {
        Poll.Until(() => { lock (_created) { return _created.Count > index; } }, $"encoder #{index} was never created");
        lock (_created)
        {
            return _created[index];
        }
    }

    private static void Push(VideoPipeline pipeline, VideoFrame frame) => ((IVideoFrameSink)pipeline).OnFrame(frame);

    /// <summary>Lets the pipeline thread run through whatever is signalled; used before asserting that nothing happened.</summary>
    private static void Settle() => Thread.Sleep(300);

    [Fact]
    public void OnFrame_NoViewers_NothingEncodedUntilAViewerJoins()
    {
        _viewers = 0;
        var pipeline = Start();
        var frame = new TestFrame(1);
        Push(pipeline, frame);
        Settle();
        Assert.Empty(_sent);
        Assert.False(frame.IsDisposed, "the newest frame waits for the first viewer");

        Volatile.Write(ref _viewers, 1);
        pipeline.RequestKeyframe();

        Poll.Until(() => _sent.Count == 1, "the waiting frame was not encoded when a viewer joined");
        Assert.Equal((1L, true), _sent.Single());
        Poll.Until(() => frame.IsDisposed, "the frame was not released after encoding");
    }

    [Fact]
    public void Step_ViewerNegotiating_EncoderOpenedBeforeItConnectsAndNothingEncodedOrSent()
    {
        // Opening the encoder once the transport is up cost the first viewer about a second before its first keyframe.
        _viewers = 0;
        _negotiating = 1;
        var pipeline = Start();
        var frame = new TestFrame(1, 1280, 720);
        Push(pipeline, frame);
        var encoder = Encoder();
        Settle();
        Assert.Empty(encoder.Encoded);
        Assert.Empty(_sent);
        Assert.False(frame.IsDisposed, "the waiting frame must stay pending for the viewer's first keyframe");

        Volatile.Write(ref _negotiating, 0);
        Volatile.Write(ref _viewers, 1);
        pipeline.RequestKeyframe();

        Poll.Until(() => _sent.Count == 1, "the waiting frame was not encoded when the viewer connected");
        Assert.Equal((1L, true), _sent.Single());
        lock (_created)
        {
            Assert.Same(encoder, Assert.Single(_created));
        }
    }

    [Fact]
    public void OnBandwidthEstimate_AfterWarmUpBeforeTheConnection_TheFirstKeyframeIsEncodedForIt()
    {
        _viewers = 0;
        _negotiating = 1;
        var pipeline = Start();
        Push(pipeline, new TestFrame(1, 1280, 720));
        var encoder = Encoder();
        Settle();

        // The session reports its start estimate before it announces the connection.
        pipeline.OnBandwidthEstimate(3_000_000);
        Volatile.Write(ref _negotiating, 0);
        Volatile.Write(ref _viewers, 1);
        pipeline.RequestKeyframe();

        Poll.Until(() => _sent.Count == 1, "the waiting frame was not encoded when the viewer connected");
        Assert.Equal(2_700_000, encoder.BitrateBitsPerSecond);
    }

    [Fact]
    public void Step_NegotiatingViewerNeverConnects_WarmEncoderClosedAtTheLimit()
    {
        _viewers = 0;
        _negotiating = 1;
        var pipeline = Start();
        var frame = new TestFrame(1);
        Push(pipeline, frame);
        var encoder = Encoder();
        Settle();
        Assert.False(encoder.Disposed);

        _clock.Advance(VideoPipeline.WarmUpLimit);

        Poll.Until(() => encoder.Disposed, "the warm encoder was kept open for a viewer that never connected");
        Assert.Empty(_sent);
        Assert.False(frame.IsDisposed, "the waiting frame must stay pending for the next viewer");
    }

    [Fact]
    public void Step_NegotiationFails_WarmEncoderClosedAtTheNextWakeUp()
    {
        _viewers = 0;
        _negotiating = 1;
        var pipeline = Start();
        Push(pipeline, new TestFrame(1));
        var encoder = Encoder();

        Volatile.Write(ref _negotiating, 0);
        Push(pipeline, new TestFrame(2));

        Poll.Until(() => encoder.Disposed, "the warm encoder was kept open after the negotiating viewer failed");
        Assert.Empty(_sent);
    }

    [Fact]
    public void OnFrame_EncoderBusy_OnlyTheNewestWaitingFrameIsEncodedAndOthersAreReleasedAtOnce()
    {
        var pipeline = Start();
        Push(pipeline, new TestFrame(1));
        var encoder = Encoder();
        Poll.Until(() => !encoder.Encoded.IsEmpty, "frame 1 was not encoded");
        encoder.Gate.Reset();
        encoder.Entered.Reset();
        Push(pipeline, new TestFrame(2));
        Assert.True(encoder.Entered.Wait(Patience), "frame 2 did not reach the encoder");

        var stale = new[] { new TestFrame(3), new TestFrame(4) };
        foreach (var frame in stale)
        {
            Push(pipeline, frame);
        }

        var newest = new TestFrame(5);
        Push(pipeline, newest);
        Assert.All(stale, f => Assert.True(f.IsDisposed, $"superseded frame {f.Sequence} was kept while the encoder was busy"));
        encoder.Gate.Set();

        Poll.Until(() => encoder.Encoded.Count == 3, "the newest frame was not encoded after the busy one");
        Assert.Equal([1L, 2L, 5L], encoder.Encoded.Select(e => e.Sequence));
        Poll.Until(() => newest.IsDisposed, "the newest frame was not released after encoding");
    }

    [Fact]
    public void Run_StaticScreen_EncodesNothingMore()
    {
        var pipeline = Start();
        Push(pipeline, new TestFrame(1));
        var encoder = Encoder();
        Poll.Until(() => _sent.Count == 1, "frame 1 was not sent");

        Settle();

        Assert.Single(encoder.Encoded);
        Assert.Empty(encoder.Repeated);
        Assert.Equal(1, pipeline.Totals.EncodedFrames);
        Assert.Equal(1, pipeline.Totals.CapturedFrames);
    }

    [Fact]
    public void RequestKeyframe_StaticScreen_RepeatsTheLastFrameAsKeyframe()
    {
        var pipeline = Start();
        Push(pipeline, new TestFrame(1));
        var encoder = Encoder();
        Poll.Until(() => _sent.Count == 1, "frame 1 was not sent");
        _clock.Advance(KeyframeInterval);

        pipeline.RequestKeyframe();

        Poll.Until(() => _sent.Count == 2, "no keyframe after the request on a static screen");
        Assert.Equal(EncodeOptions.ForceKeyframe, Assert.Single(encoder.Repeated));
        Assert.Equal((1L, true), _sent.Last());
        Assert.Equal(2, pipeline.Totals.Keyframes);
    }

    [Fact]
    public void RequestKeyframe_SeveralWhileEncoding_CoalescedIntoTheNextFrame()
    {
        var pipeline = Start();
        Push(pipeline, new TestFrame(1));
        var encoder = Encoder();
        Poll.Until(() => _sent.Count == 1, "frame 1 was not sent");
        encoder.Gate.Reset();
        encoder.Entered.Reset();
        Push(pipeline, new TestFrame(2));
        Assert.True(encoder.Entered.Wait(Patience), "frame 2 did not reach the encoder");

        _clock.Advance(KeyframeInterval);
        pipeline.RequestKeyframe();
        pipeline.RequestKeyframe();
        pipeline.RequestKeyframe();
        Push(pipeline, new TestFrame(3));
        encoder.Gate.Set();

        Poll.Until(() => encoder.Encoded.Count == 3, "frame 3 was not encoded");
        Settle();
        Assert.Equal(
            [(1L, EncodeOptions.ForceKeyframe), (2L, EncodeOptions.None), (3L, EncodeOptions.ForceKeyframe)],
            encoder.Encoded);
        Assert.Empty(encoder.Repeated);
        Assert.Equal(2, pipeline.Totals.KeyframeRequestsCoalesced);
    }

    [Fact]
    public void RequestKeyframe_OneRightAfterTheFirstKeyframe_ServedAtOnce()
    {
        // A joiner whose queue overflowed on its first keyframe asks again at once: the burst serves it.
        var pipeline = Start();
        Push(pipeline, new TestFrame(1));
        var encoder = Encoder();
        Poll.Until(() => _sent.Count == 1, "frame 1 was not sent");

        _clock.Advance(TimeSpan.FromMilliseconds(50));
        pipeline.RequestKeyframe();

        Poll.Until(() => encoder.Repeated.Count == 1, "the request right after the first keyframe was not served at once");
    }

    [Fact]
    public void RequestKeyframe_BeyondTheBurst_RememberedAndServedWhenTheIntervalHasPassed()
    {
        var pipeline = Start();
        Push(pipeline, new TestFrame(1));
        var encoder = Encoder();
        Poll.Until(() => _sent.Count == 1, "frame 1 was not sent");
        pipeline.RequestKeyframe();
        Poll.Until(() => encoder.Repeated.Count == 1, "the burst's second keyframe was not served");

        _clock.Advance(TimeSpan.FromMilliseconds(100));
        pipeline.RequestKeyframe();
        Settle();
        Assert.Single(encoder.Repeated);

        _clock.Advance(KeyframeInterval - TimeSpan.FromMilliseconds(100));

        Poll.Until(() => encoder.Repeated.Count == 2, "the request beyond the burst was not served when the interval had passed");
        Assert.Equal((1L, true), _sent.Last());
    }

    [Fact]
    public void RequestKeyframe_MovingPictureBeyondTheBurst_NextFramesAreNotForcedUntilTheIntervalHasPassed()
    {
        var pipeline = Start();
        Push(pipeline, new TestFrame(1));
        var encoder = Encoder();
        Poll.Until(() => _sent.Count == 1, "frame 1 was not sent");
        int ForcedAfterFirst() => encoder.Encoded.Skip(1).Count(e => e.Options == EncodeOptions.ForceKeyframe) + encoder.Repeated.Count;
        pipeline.RequestKeyframe();
        Poll.Until(() => ForcedAfterFirst() == 1, "the burst's second keyframe was not served");

        pipeline.RequestKeyframe();
        Push(pipeline, new TestFrame(10));
        Poll.Until(() => encoder.Encoded.Any(e => e.Sequence == 10), "frame 10 was not encoded");
        Settle();
        Assert.Equal(1, ForcedAfterFirst());
        Assert.Equal(EncodeOptions.None, encoder.Encoded.Single(e => e.Sequence == 10).Options);

        _clock.Advance(KeyframeInterval);
        Poll.Until(() => ForcedAfterFirst() == 2, "the waiting request was not served when the interval had passed");
        Push(pipeline, new TestFrame(11));
        Poll.Until(() => encoder.Encoded.Any(e => e.Sequence == 11), "frame 11 was not encoded");
        Settle();

        Assert.Equal(EncodeOptions.None, encoder.Encoded.Single(e => e.Sequence == 11).Options);
        Assert.Equal(2, ForcedAfterFirst());
    }

    [Fact]
    public void RequestKeyframe_FloodOfAHundredPerSecond_AtMostOneForcedKeyframePerIntervalAfterTheBurst()
    {
        var pipeline = Start();
        var encoder = (RecordingEncoder?)null;
        var step = TimeSpan.FromMilliseconds(10);
        const int Steps = 500; // 5 s of a 100/s flood, with a new frame every 20 ms
        for (var i = 0; i < Steps; i++)
        {
            pipeline.RequestKeyframe();
            if (i % 2 == 0)
            {
                var sequence = i + 1L;
                Push(pipeline, new TestFrame(sequence));
                encoder ??= Encoder();
                var seen = encoder;
                Poll.Until(() => seen.Encoded.Any(e => e.Sequence == sequence), $"frame {sequence} was not encoded");
            }

            _clock.Advance(step);
        }

        Settle();
        var forced = encoder!.Encoded.Count(e => e.Options == EncodeOptions.ForceKeyframe) + encoder.Repeated.Count;
        var elapsed = step * Steps;
        var budget = KeyframeLimiter.Burst + (int)(elapsed / KeyframeInterval); // the bucket's burst, then one per interval
        Assert.InRange(forced, 2, budget);
        Assert.True(pipeline.Totals.KeyframeRequestsCoalesced >= Steps - (2 * budget), $"only {pipeline.Totals.KeyframeRequestsCoalesced} of {Steps} requests were counted as coalesced");
    }

    [Fact]
    public void Run_BroadcastThrows_FailureCountedAndTheNextFrameStillSent()
    {
        var pipeline = Start();
        _broadcastHook = _ => throw new InvalidOperationException("a broken viewer");
        Push(pipeline, new TestFrame(1));
        var encoder = Encoder();
        Poll.Until(() => pipeline.Totals.Failures == 1, "the failure was not counted");
        Assert.IsType<InvalidOperationException>(pipeline.LastFailure);

        _broadcastHook = null;
        Push(pipeline, new TestFrame(2));

        Poll.Until(() => _sent.Count == 1, "the pipeline sent nothing after one failed frame");
        Assert.Equal(2L, _sent.Single().Sequence);
        Assert.Equal(2, encoder.Encoded.Count);
    }

    [Fact]
    public void Encode_EncoderThrowsAnUnexpectedException_NextCandidateTakesOver()
    {
        var pipeline = Start(null, "first", "second");
        Push(pipeline, new TestFrame(1));
        var first = Encoder();
        Poll.Until(() => _sent.Count == 1, "frame 1 was not sent");
        first.ThrowNext = new InvalidOperationException("a plugin bug");

        Push(pipeline, new TestFrame(2));

        var second = Encoder(1);
        Poll.Until(() => _sent.Count == 2, "the fallback encoder sent nothing");
        Assert.Equal((2L, EncodeOptions.ForceKeyframe), Assert.Single(second.Encoded));
        Assert.Equal(0, pipeline.Totals.Failures);
    }

    [Fact]
    public void Run_RefreshIntervalOnStaticScreen_ResendsKeyframes()
    {
        var pipeline = Start(TimeProvider.System, refresh: TimeSpan.FromMilliseconds(100));
        Push(pipeline, new TestFrame(1));
        var encoder = Encoder();

        Poll.Until(() => encoder.Repeated.Count >= 2, "no refresh keyframes on a static screen");
        Assert.All(encoder.Repeated, o => Assert.Equal(EncodeOptions.ForceKeyframe, o));
        Assert.Single(encoder.Encoded);
    }

    [Fact]
    public void Encode_EncoderFailsAtRunTime_NextCandidateTakesTheSameFrameAsKeyframe()
    {
        var pipeline = Start(null, "first", "second");
        Push(pipeline, new TestFrame(1));
        var first = Encoder();
        Poll.Until(() => _sent.Count == 1, "frame 1 was not sent");
        first.FailNextEncode = true;

        var frame = new TestFrame(2);
        Push(pipeline, frame);

        var second = Encoder(1);
        Poll.Until(() => _sent.Count == 2, "the fallback encoder sent nothing");
        Assert.True(first.Disposed, "the failed encoder was not disposed");
        Assert.Equal((2L, EncodeOptions.ForceKeyframe), Assert.Single(second.Encoded));
        Assert.Equal("second", pipeline.EncoderDescription);
        Poll.Until(() => frame.IsDisposed, "the frame was not released");
    }

    [Theory]
    [InlineData(100_000L, 1_000_000)]
    [InlineData(5_000_000L, 4_500_000)]
    [InlineData(1_000_000_000L, 20_000_000)]
    public void OnBandwidthEstimate_Estimate_TargetIsNinetyPercentWithinBounds(long estimate, int expected)
    {
        var pipeline = Start();
        Push(pipeline, new TestFrame(1));
        var encoder = Encoder();
        Poll.Until(() => _sent.Count == 1, "frame 1 was not sent");

        pipeline.OnBandwidthEstimate(estimate);

        Assert.Equal(expected, pipeline.TargetBitrate);
        Assert.Equal(expected, encoder.BitrateBitsPerSecond);
    }

    [Fact]
    public void OnBandwidthEstimate_SmallChange_Ignored()
    {
        var pipeline = Start();
        Push(pipeline, new TestFrame(1));
        var encoder = Encoder();
        Poll.Until(() => _sent.Count == 1, "frame 1 was not sent");

        pipeline.OnBandwidthEstimate(8_000_000L * 10 / 9 + 100_000);

        Assert.Equal(8_000_000, pipeline.TargetBitrate);
        Assert.Empty(encoder.Bitrates);
    }

    [Fact]
    public void OnBandwidthEstimate_WhileTheEncoderOpens_TheNewEncoderGetsIt()
    {
        // The first viewer's start estimate arrives while its encoder is being opened (the session reports it right
        // after announcing the connection, which woke the encoder thread): the encoder must not keep the configured 8 Mb/s.
        var opened = new ConcurrentQueue<int>();
        VideoPipeline? pipeline = null;
        _createHook = settings =>
        {
            opened.Enqueue(settings.BitrateBitsPerSecond);
            pipeline!.OnBandwidthEstimate(1_500_000);
        };
        pipeline = Start();

        Push(pipeline, new TestFrame(1, 1280, 720));
        var encoder = Encoder();
        Poll.Until(() => _sent.Count == 1, "frame 1 was not sent");

        Assert.Equal([8_000_000], opened.ToArray());
        Assert.Equal(1_350_000, encoder.BitrateBitsPerSecond);
    }

    [Fact]
    public void OnFrame_BitrateBelowUsefulForThePicture_FramesHeldToTheLowerRateAndEncoderGivenItsBits()
    {
        // 3840x2160 at 1 Mb/s (the floor here) is 0.004 bits per pixel at 30 fps: the policy goes to 5 fps (0.024).
        var pipeline = Start();
        Push(pipeline, new TestFrame(1, 3840, 2160));
        var encoder = Encoder();
        Poll.Until(() => _sent.Count == 1, "frame 1 was not sent");
        pipeline.OnBandwidthEstimate(100_000);

        var held = new TestFrame(2, 3840, 2160);
        Push(pipeline, held);
        Poll.Until(() => pipeline.EncodeFrameRate == 5, "the frame rate was not lowered");
        Settle();

        Assert.Single(encoder.Encoded);
        Assert.False(held.IsDisposed, "the held frame must wait to be encoded when due (a static screen sends no newer one)");
        Assert.Equal(1_000_000 * 30 / 5, encoder.BitrateBitsPerSecond);

        _clock.Advance(TimeSpan.FromMilliseconds(200));

        Poll.Until(() => encoder.Encoded.Count == 2, "the held frame was not encoded when due");
        Poll.Until(() => held.IsDisposed, "the held frame was not released");
    }

    [Fact]
    public void OnFrame_StarvedAtTheLowestFrameRate_EncoderGetsAScaledCopyAndTheCaptureFrameIsReleased()
    {
        // 1 Mb/s (the floor here) at 3840x2160 and 5 fps is 0.024 bits per pixel; with 0.05 as the low mark the
        // policy goes on to 3/4 (0.043) and 1/2 (0.096)
        _degradation = Host.Streaming.Degradation.DegradationOptions.Default with { LowBitsPerPixel = 0.05, RestoreBitsPerPixel = 0.08 };
        var pipeline = Start();
        Push(pipeline, new TestFrame(1, 3840, 2160));
        var encoder = Encoder();
        Poll.Until(() => _sent.Count == 1, "frame 1 was not sent");
        pipeline.OnBandwidthEstimate(100_000);

        var captured = new TestFrame(2, 3840, 2160);
        Push(pipeline, captured);
        Poll.Until(() => pipeline.EncodeScalePercent == 50, "the picture was not scaled down");
        _clock.Advance(TimeSpan.FromMilliseconds(200));

        Poll.Until(() => encoder.Encoded.Count == 2, "the held frame was not encoded when due");
        Assert.Equal([(3840, 2160), (1920, 1080)], encoder.Sizes.ToArray());
        Assert.Equal(5, pipeline.EncodeFrameRate);
        Poll.Until(() => captured.IsDisposed, "the captured frame was not released");
    }

    [Fact]
    public void OnFrame_CaptureSizeChanges_ViewersAreToldEachNewSizeOnce()
    {
        var pipeline = Start();

        Push(pipeline, new TestFrame(1, 64, 48));
        Push(pipeline, new TestFrame(2, 64, 48));
        Push(pipeline, new TestFrame(3, 128, 96));
        Push(pipeline, new TestFrame(4, 128, 96));

        Assert.Equal([(64, 48), (128, 96)], _captureSizes.ToArray());
    }

    [Fact]
    public void OnFrame_PictureScaledDown_ViewersAreToldTheCapturedSizeNotTheEncodedOne()
    {
        // as above: 100 kb/s at 3840x2160 takes the policy down to 1/2 of the captured size
        _degradation = Host.Streaming.Degradation.DegradationOptions.Default with { LowBitsPerPixel = 0.05, RestoreBitsPerPixel = 0.08 };
        var pipeline = Start();
        Push(pipeline, new TestFrame(1, 3840, 2160));
        var encoder = Encoder();
        Poll.Until(() => _sent.Count == 1, "frame 1 was not sent");
        pipeline.OnBandwidthEstimate(100_000);

        Push(pipeline, new TestFrame(2, 3840, 2160));
        Poll.Until(() => pipeline.EncodeScalePercent == 50, "the picture was not scaled down");
        _clock.Advance(TimeSpan.FromMilliseconds(200));
        Poll.Until(() => encoder.Encoded.Count == 2, "the held frame was not encoded when due");
        Push(pipeline, new TestFrame(3, 3840, 2160));

        Assert.Equal((1920, 1080), encoder.Sizes.Last());
        Assert.Equal([(3840, 2160)], _captureSizes.ToArray());
    }

    public async ValueTask DisposeAsync()
    {
        if (_pipeline is not null)
        {
            foreach (var encoder in _created)
            {
                if (!encoder.Disposed)
                {
                    encoder.Gate.Set();
                }
            }

            await _pipeline.DisposeAsync();
        }
    }
}
