using System.Diagnostics;

namespace WlWebRtc.Rtp.Packets;

/// <summary>Maps monotonic timestamps (<see cref="Stopwatch.GetTimestamp"/>) to an RTP clock with a random offset.</summary>
internal sealed class RtpClock
{
    private readonly int _clockRate;
    private readonly uint _offset;

    public RtpClock(int clockRate, uint offset)
    {
        _clockRate = clockRate;
        _offset = offset;
    }

    public uint ToRtp(long monotonicTimestamp) => unchecked(_offset + (uint)ToUnits(monotonicTimestamp, _clockRate));

    /// <summary>ticks * rate / frequency without overflowing for long uptimes.</summary>
    public static long ToUnits(long monotonicTimestamp, int rate)
    {
        var frequency = Stopwatch.Frequency;
        var seconds = monotonicTimestamp / frequency;
        var remainder = monotonicTimestamp % frequency;
        return (seconds * rate) + (remainder * rate / frequency);
    }
}
