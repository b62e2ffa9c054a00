using System.Collections.Concurrent;
using System.Diagnostics;
using WlWebRtc.Media;

namespace WlWebRtc.Capture.Tests.PipeWire;

/// <summary>A sink that records what arrives; disposes frames at once unless told to hold them.</summary>
internal sealed class RecordingSink : IVideoFrameSink
{
    private readonly TaskCompletionSource<Exception?> _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<byte[]> _firstBytes = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _count;

    public bool HoldFrames { get; set; }

    /// <summary>Looks at each frame (on the source's thread) before it is held or disposed.</summary>
    public Action<VideoFrame>? Inspect { get; set; }

    public ConcurrentQueue<VideoFrame> Held { get; } = new();

    public ConcurrentQueue<(int Width, int Height, PixelFormat Format, long Sequence, int Stride)> Frames { get; } = new();

    /// <summary>Stopwatch ticks from capture (dequeue) to OnFrame, per frame.</summary>
    public ConcurrentQueue<long> Latencies { get; } = new();

    public int Count => Volatile.Read(ref _count);

    public Task<Exception?> Stopped => _stopped.Task;

    public Task<byte[]> FirstBytes => _firstBytes.Task;

    public int OnFrameCallsAfterStop { get; private set; }

    public void OnFrame(VideoFrame frame)
    {
        Latencies.Enqueue(Stopwatch.GetTimestamp() - frame.CaptureTime.MonotonicTimestamp);
        if (_stopped.Task.IsCompleted)
        {
            OnFrameCallsAfterStop++;
        }

        Frames.Enqueue((frame.Width, frame.Height, frame.Format, frame.Sequence, frame.Planes[0].Stride));
        if (!_firstBytes.Task.IsCompleted)
        {
            _firstBytes.TrySetResult(frame.GetBytes().ToArray());
        }

        Inspect?.Invoke(frame);
        Interlocked.Increment(ref _count);
        if (HoldFrames)
        {
            Held.Enqueue(frame);
        }
        else
        {
            frame.Dispose();
        }
    }

    public void OnStopped(Exception? failure) => _stopped.TrySetResult(failure);

    public void ReleaseHeld()
    {
        while (Held.TryDequeue(out var frame))
        {
            frame.Dispose();
        }
    }
}
