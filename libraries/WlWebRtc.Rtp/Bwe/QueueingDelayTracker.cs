namespace WlWebRtc.Rtp.Bwe;

/// <summary>
/// The queueing delay packets saw on the way: each packet's one-way delay (arrival on the viewer's clock minus send
/// time on ours, so an unknown but fixed offset) above the least one-way delay of the last
/// <see cref="BaseWindowUs"/> (the path's propagation delay plus the offset). Per transport-wide-cc message it keeps the
/// least queueing delay of the packets it reports: when even that exceeds a few tens of milliseconds, a queue stands at the
/// bottleneck. The delay gradient (<see cref="TrendlineEstimator"/>) cannot see such a queue: a full tail-drop queue
/// neither grows nor shrinks, so its slope is flat while every packet waits 150 ms. The base forgets after
/// <see cref="BaseWindowUs"/>, so a longer route (or a viewer's clock stepping) costs at most that long. Not thread-safe.
/// </summary>
internal sealed class QueueingDelayTracker
{
    /// <summary>How long the least one-way delay is remembered, in slots of <see cref="SlotUs"/>.</summary>
    public const long BaseWindowUs = SlotCount * SlotUs;

    private const int SlotCount = 10;
    private const long SlotUs = 1_000_000;

    private readonly long[] _slotMinimum = new long[SlotCount];
    private long _slot = long.MinValue;
    private long _feedbackMinimum = long.MaxValue;

    /// <summary>The least queueing delay of the packets added since <see cref="BeginFeedback"/>, in µs; null if none.</summary>
    public long? FeedbackQueueingUs { get; private set; }

    /// <summary>Starts a transport-wide-cc message's packets.</summary>
    public void BeginFeedback()
    {
        _feedbackMinimum = long.MaxValue;
        FeedbackQueueingUs = null;
    }

    /// <summary>
    /// Adds a packet sent at <paramref name="sendUs"/> (our clock) that arrived at <paramref name="arrivalUs"/> (the
    /// viewer's), reported at <paramref name="nowUs"/>. <paramref name="serialisationUs"/> is the packet's own time at
    /// the bottleneck as far as the caller knows it: it comes off the packet's queueing delay, never off the base (an
    /// application-limited stream's acknowledged rate is far under the link, and a base lowered by it would make every
    /// later packet look queued).
    /// </summary>
    public void Add(long sendUs, long arrivalUs, long nowUs, long serialisationUs = 0)
    {
        var delay = arrivalUs - sendUs;
        Advance(nowUs);
        ref var slot = ref _slotMinimum[(int)(_slot % SlotCount)];
        slot = Math.Min(slot, delay);
        _feedbackMinimum = Math.Min(_feedbackMinimum, delay - Math.Max(0, serialisationUs));
        var floor = long.MaxValue;
        foreach (var minimum in _slotMinimum)
        {
            floor = Math.Min(floor, minimum);
        }

        FeedbackQueueingUs = Math.Max(0, _feedbackMinimum - floor);
    }

    private void Advance(long nowUs)
    {
        var slot = Math.Max(0, nowUs) / SlotUs;
        if (_slot == long.MinValue || slot - _slot >= SlotCount)
        {
            Array.Fill(_slotMinimum, long.MaxValue);
            _slot = slot;
            return;
        }

        for (; _slot < slot; _slot++)
        {
            _slotMinimum[(int)((_slot + 1) % SlotCount)] = long.MaxValue;
        }
    }
}
