using WlWebRtc.Rtp.H264;
using WlWebRtc.Rtp.Queue;
using WlWebRtc.Rtp.Sending;

namespace WlWebRtc.Rtp.Pacing;

/// <summary>
/// One viewer's pacer: takes frames from its <see cref="ViewerSendQueue"/> and hands their packets to the
/// <see cref="RtpVideoSender"/> as fast as its pacing budget allows (keyframes too), and pads probe clusters when
/// the queue is empty. The queue is bounded in time: a delta frame that has waited longer than the delay budget
/// since capture is dropped with everything queued behind it, and the queue waits for a keyframe (which the caller
/// asks the encoder for), so a link slower than the stream costs a keyframe, not ever-growing latency. A late
/// keyframe is still sent: it is the recovery. Like libwebrtc's pacer, the rate rises above the multiple of the
/// estimate when the backlog (queued frames and the rest of the current one) would otherwise not leave within what
/// is left of the current frame's delay budget. Driven by one loop (<see cref="Step"/>); not thread-safe.
/// </summary>
public sealed class PacedFrameSender : IDisposable
{
    private readonly RtpVideoSender _sender;
    private readonly ViewerSendQueue _queue;
    private readonly TimeProvider _time;
    private readonly TimeSpan _maxDelay;
    private readonly H264PacketPlan _ownPlan;
    private QueuedFrame _current;
    private H264PacketPlan? _plan;
    private int _next;
    private bool _sending;

    /// <summary>Creates the pacer; <paramref name="maxDelay"/> is the delay budget from capture to the first packet of a delta frame.</summary>
    public PacedFrameSender(RtpVideoSender sender, ViewerSendQueue queue, TimeProvider time, TimeSpan maxDelay)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(maxDelay, TimeSpan.Zero);
        _sender = sender;
        _queue = queue;
        _time = time;
        _maxDelay = maxDelay;
        _ownPlan = new H264PacketPlan(sender.Options.PacketizationPayloadSize);
    }

    private long _lastQueuedToSentTicks = -1;

    /// <summary>Frames dropped because they waited longer than the delay budget (the queue counts those it dropped behind them).</summary>
    public long FramesDroppedLate { get; private set; }

    /// <summary>
    /// The pacing and send stage of the last frame sent whole: from when it was queued for this viewer to its last
    /// packet on the wire; null before the first. Read from any thread.
    /// </summary>
    public TimeSpan? LastQueuedToSent => Interlocked.Read(ref _lastQueuedToSentTicks) is var ticks and >= 0 ? TimeSpan.FromTicks(ticks) : null;

    /// <summary>
    /// Sends what the pacing budget allows now: the rest of the current frame, then queued frames, then probe padding.
    /// Says when to call again.
    /// </summary>
    public PacerStep Step()
    {
        var keyframeNeeded = false;
        while (true)
        {
            if (!_sending)
            {
                if (!_queue.TryDequeue(out var frame))
                {
                    return new PacerStep(_sender.SendProbePadding() ? _sender.PacingDelay : null, keyframeNeeded);
                }

                if (!frame.IsKeyframe && Age(frame) > _maxDelay)
                {
                    DropLate(frame);
                    keyframeNeeded = true;
                    continue;
                }

                Begin(frame);
            }

            _sender.DrainRateBitsPerSecond = DrainRate();
            try
            {
                _next = _sender.SendPaced(_current.Data.Span, _current.CaptureTimestamp, _plan!, _next);
            }
            catch
            {
                // This frame cannot be sent (the caller logs it): release it so the next one can go.
                End();
                throw;
            }

            if (_next < _plan!.PacketCount)
            {
                return new PacerStep(_sender.PacingDelay, keyframeNeeded);
            }

            Interlocked.Exchange(ref _lastQueuedToSentTicks, Age(_current).Ticks);
            End();
        }
    }

    /// <summary>Releases the frame being sent, if any.</summary>
    public void Dispose()
    {
        if (_sending)
        {
            End();
        }
    }

    /// <summary>The rate that sends the backlog within what is left of 80 % of the current frame's delay budget (at least 10 ms).</summary>
    private long DrainRate()
    {
        var remaining = _plan is { } plan && plan.PacketCount > 0 ? (long)_current.Data.Length * (plan.PacketCount - _next) / plan.PacketCount : 0;
        var left = (_maxDelay * 0.8) - Age(_current);
        return (long)((_queue.Bytes + remaining) * 8 / Math.Max(0.010, left.TotalSeconds));
    }

    private TimeSpan Age(QueuedFrame frame) => _time.GetElapsedTime(frame.QueuedAt != 0 ? frame.QueuedAt : frame.CaptureTimestamp);

    private void Begin(QueuedFrame frame)
    {
        _current = frame;
        _next = 0;
        _sending = true;
        if (frame.Plan is { } shared && shared.MaxPayloadSize == _sender.Options.PacketizationPayloadSize)
        {
            _plan = shared;
        }
        else
        {
            _ownPlan.Build(frame.Data.Span);
            _plan = _ownPlan;
        }
    }

    private void End()
    {
        var owner = _current.Owner;
        _current = default;
        _plan = null;
        _sending = false;
        owner?.Dispose();
    }

    /// <summary>Drops a late frame and the delta frames queued behind it; the queue then waits for a keyframe unless one is queued.</summary>
    private void DropLate(QueuedFrame frame)
    {
        frame.Owner?.Dispose();
        FramesDroppedLate++;
        _queue.DropUntilKeyframe();
    }
}
