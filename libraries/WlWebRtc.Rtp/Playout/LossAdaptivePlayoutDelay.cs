namespace WlWebRtc.Rtp.Playout;

/// <summary>
/// The playout-delay a viewer is asked for, by how lossy its link is. On a clean link: min = max = 0, the browser
/// renders each frame the moment it is decoded (the lowest latency). On a lossy link that policy costs more than it
/// saves: a frame waiting about a round trip for a retransmitted packet holds back the complete frames behind it
/// (they decode in order), which then come out in one burst, and the browser presents only the last of a burst per
/// display refresh: the frame rate falls, and a second-round loss makes a freeze. Chromium's own jitter estimator does
/// not help (it ignores retransmitted frames, and a receive-only peer has no round-trip time), so on a lossy link the
/// sender asks for a fixed minimum that covers one retransmission round: frames then leave the jitter buffer on their
/// own timestamps' schedule, a late one delays nobody behind it, and every frame is presented.
/// </summary>
/// <remarks>
/// Lossy from the first loss window (<see cref="Bwe.LossWindow"/>, about 200 packets) at or over
/// <see cref="EnterLoss"/>; clean again only once no window reached <see cref="StayLoss"/> for <see cref="Hold"/>
/// (hysteresis: random loss comes and goes, and each switch moves the picture by the delay). The lossy minimum is
/// the round-trip time plus <see cref="RoundMargin"/> (a lost frame's last packet shows as a gap only with the next
/// frame's first, a frame interval later, and the retransmission is paced), in 10 ms steps within
/// <see cref="LossyFloor"/> and <see cref="LossyCeiling"/>, or a configured fixed value; the maximum equals it. It
/// follows a longer round trip at once but a shorter one only after <see cref="LowerHold"/> (the round-trip time from
/// receiver reports jitters by tens of ms, and each change of the minimum moves the picture). Not thread-safe (the
/// sender's send lock).
/// </remarks>
internal sealed class LossAdaptivePlayoutDelay
{
    /// <summary>A loss window at or over this fraction makes the link lossy.</summary>
    public const double EnterLoss = 0.01;

    /// <summary>While lossy, a window at or over this fraction keeps it so for another <see cref="Hold"/>.</summary>
    public const double StayLoss = 0.0025;

    /// <summary>How long a lossy link must stay under <see cref="StayLoss"/> before the delay goes back to zero.</summary>
    public static readonly TimeSpan Hold = TimeSpan.FromSeconds(10);

    /// <summary>Added to the round-trip time for the lossy minimum: a frame interval at 30 fps and pacing.</summary>
    public static readonly TimeSpan RoundMargin = TimeSpan.FromMilliseconds(40);

    /// <summary>The round-trip time assumed until a receiver report gives one.</summary>
    public static readonly TimeSpan UnknownRoundTripTime = TimeSpan.FromMilliseconds(60);

    /// <summary>How long the lossy minimum must have been too long before it follows a shorter round trip.</summary>
    public static readonly TimeSpan LowerHold = TimeSpan.FromSeconds(5);

    public static readonly TimeSpan LossyFloor = TimeSpan.FromMilliseconds(60);

    public static readonly TimeSpan LossyCeiling = TimeSpan.FromMilliseconds(400);

    private readonly TimeSpan? _fixedLossyDelay;
    private readonly long _holdTicks;
    private readonly long _lowerHoldTicks;
    private long _lastLossyTicks;
    private long? _tooLongSince;

    /// <param name="fixedLossyDelay">The minimum on a lossy link; null: from the round-trip time.</param>
    /// <param name="ticksPerSecond">The frequency of the timestamps passed to <see cref="Update"/>.</param>
    public LossAdaptivePlayoutDelay(TimeSpan? fixedLossyDelay, long ticksPerSecond)
    {
        _fixedLossyDelay = fixedLossyDelay;
        _holdTicks = (long)(Hold.TotalSeconds * ticksPerSecond);
        _lowerHoldTicks = (long)(LowerHold.TotalSeconds * ticksPerSecond);
    }

    /// <summary>Whether the link counts as lossy now.</summary>
    public bool Lossy { get; private set; }

    /// <summary>The minimum playout delay asked for now (the maximum is the same).</summary>
    public TimeSpan Delay { get; private set; }

    /// <summary>Times the policy moved between clean and lossy.</summary>
    public long Switches { get; private set; }

    /// <summary>
    /// Takes the last closed loss window's fraction (<paramref name="windowLoss"/>, null when none closed since the
    /// last call) and the round-trip time, and returns the delay to ask for from now on.
    /// </summary>
    public TimeSpan Update(double? windowLoss, TimeSpan? roundTripTime, long now)
    {
        if (windowLoss is { } loss && loss >= (Lossy ? StayLoss : EnterLoss))
        {
            if (!Lossy)
            {
                Lossy = true;
                Switches++;
            }

            _lastLossyTicks = now;
        }
        else if (Lossy && now - _lastLossyTicks >= _holdTicks)
        {
            Lossy = false;
            Switches++;
        }

        if (!Lossy)
        {
            Delay = TimeSpan.Zero;
            _tooLongSince = null;
            return Delay;
        }

        var wanted = LossyDelay(roundTripTime);
        if (wanted >= Delay)
        {
            Delay = wanted;
            _tooLongSince = null;
        }
        else if (_tooLongSince is not { } since)
        {
            _tooLongSince = now;
        }
        else if (now - since >= _lowerHoldTicks)
        {
            Delay = wanted;
            _tooLongSince = null;
        }

        return Delay;
    }

    private TimeSpan LossyDelay(TimeSpan? roundTripTime)
    {
        if (_fixedLossyDelay is { } delay)
        {
            return delay;
        }

        var wanted = (roundTripTime ?? UnknownRoundTripTime) + RoundMargin;
        // Up to the next 10 ms: the unit the extension carries.
        var units = (long)Math.Ceiling(wanted.TotalMilliseconds / 10);
        return TimeSpan.FromMilliseconds(Math.Clamp(units * 10, LossyFloor.TotalMilliseconds, LossyCeiling.TotalMilliseconds));
    }
}
