using System.Diagnostics;

namespace WlWebRtc.Media;

/// <summary>
/// When a frame was captured, on two clocks: the monotonic clock (<see cref="Stopwatch.GetTimestamp"/>) for
/// durations and RTP timestamps, and the wall clock for comparing with another process (the viewer's
/// capture-to-display latency). It travels unchanged from capture through encoding to the transport.
/// </summary>
/// <param name="MonotonicTimestamp">A <see cref="Stopwatch.GetTimestamp"/> value.</param>
/// <param name="UnixTimeMicroseconds">Wall clock, microseconds since the Unix epoch.</param>
public readonly record struct CaptureTime(long MonotonicTimestamp, long UnixTimeMicroseconds)
{
    /// <summary>Now, on both clocks.</summary>
    public static CaptureTime Now(TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        return new(time.GetTimestamp(), time.GetUtcNow().ToUnixTimeMilliseconds() * 1000);
    }

    /// <summary>Time elapsed since this capture time on the monotonic clock.</summary>
    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(MonotonicTimestamp);
}
