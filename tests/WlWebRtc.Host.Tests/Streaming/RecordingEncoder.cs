using System.Collections.Concurrent;
using WlWebRtc.Encoders;
using WlWebRtc.Media;

namespace WlWebRtc.Host.Tests.Streaming;

/// <summary>An encoder that records what it is asked to do; <see cref="Gate"/> can hold an encode in progress.</summary>
internal sealed class RecordingEncoder(string name) : IVideoEncoder
{
    public ConcurrentQueue<(long Sequence, EncodeOptions Options)> Encoded { get; } = new();

    public ConcurrentQueue<EncodeOptions> Repeated { get; } = new();

    /// <summary>The size of each frame encoded.</summary>
    public ConcurrentQueue<(int Width, int Height)> Sizes { get; } = new();

    public ConcurrentQueue<int> Bitrates { get; } = new();

    /// <summary>Closed: Encode waits until it is set (set by default).</summary>
    public ManualResetEventSlim Gate { get; } = new(initialState: true);

    /// <summary>Set when an Encode call has started (and may be waiting at the gate).</summary>
    public ManualResetEventSlim Entered { get; } = new();

    public bool FailNextEncode { get; set; }

    /// <summary>Thrown by the next Encode call (an encoder plugin's bug rather than a reported failure).</summary>
    public Exception? ThrowNext { get; set; }

    public bool Disposed { get; private set; }

    public string Description => name;

    public EncoderInputCapabilities InputCapabilities { get; } = new([PixelFormat.Bgrx], FrameMemoryKinds.Cpu);

    public int BitrateBitsPerSecond { get; private set; }

    public EncodedAccessUnit? Encode(VideoFrame frame, EncodeOptions options = EncodeOptions.None)
    {
        Entered.Set();
        Assert.True(Gate.Wait(TimeSpan.FromSeconds(10)), "the test never opened the encoder's gate");
        Assert.False(frame.IsDisposed, "the pipeline handed over a frame it had already released");
        if (FailNextEncode)
        {
            FailNextEncode = false;
            throw new VideoEncoderException($"{name} failed on purpose");
        }

        if (ThrowNext is { } exception)
        {
            ThrowNext = null;
            throw exception;
        }

        Sizes.Enqueue((frame.Width, frame.Height));
        Encoded.Enqueue((frame.Sequence, options));
        return new TestAccessUnit((options & EncodeOptions.ForceKeyframe) != 0, frame.Sequence);
    }

    public EncodedAccessUnit? RepeatLastFrame(EncodeOptions options)
    {
        Repeated.Enqueue(options);
        return Encoded.IsEmpty ? null : new TestAccessUnit(keyframe: true, Encoded.Last().Sequence);
    }

    public void RequestKeyframe()
    {
    }

    public void SetBitrate(int bitsPerSecond)
    {
        BitrateBitsPerSecond = bitsPerSecond;
        Bitrates.Enqueue(bitsPerSecond);
    }

    public void Dispose()
    {
        Disposed = true;
        Gate.Dispose();
        Entered.Dispose();
    }
}
