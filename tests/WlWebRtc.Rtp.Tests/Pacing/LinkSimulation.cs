using WlWebRtc.Rtp.Packets;
using WlWebRtc.Rtp.Pacing;
using WlWebRtc.Rtp.Queue;
using WlWebRtc.Rtp.Srtp;
using WlWebRtc.Rtp.Tests.H264;
using WlWebRtc.Rtp.Tests.Sending;

namespace WlWebRtc.Rtp.Tests.Pacing;

/// <summary>
/// One viewer's sender, pacer and a model encoder on a hand-moved clock, through a modelled bottleneck (a rate that
/// may change over time, a tail-drop queue bounded in time, a fixed one-way delay) to a modelled browser that sends
/// transport-wide-cc feedback every 50 ms, optionally with random loss each way (seeded). Deterministic: it measures
/// the control logic, not the machine.
/// </summary>
internal sealed class LinkSimulation : IDisposable
{
    private const int TransportCcId = 3;
    private static readonly TimeSpan OneWay = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan QueueLimit = TimeSpan.FromMilliseconds(150);
    private static readonly TimeSpan FeedbackInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan FrameInterval = TimeSpan.FromSeconds(1.0 / 30);

    private readonly SenderHarness _harness;
    private readonly ViewerSendQueue _queue = new();
    private readonly PacedFrameSender _pacer;
    private readonly Func<TimeSpan, long> _linkRate;
    private readonly long _contentBitsPerSecond;
    private readonly double _randomLoss;
    private readonly Random _random;
    private readonly SortedDictionary<int, long?> _arrivals = [];
    private readonly List<(long DueTicks, byte[] Packet)> _feedbackInFlight = [];
    private readonly List<(TimeSpan At, double QueueMs)> _queueDelays = [];
    private long _linkBusyUntil;
    private int _nextReported = -1;
    private int _highestSequence = -1;
    private ushort _lastWireSequence;
    private int _wraps;
    private byte _feedbackCount;
    private long _nextFrame;
    private long _nextFeedback;
    private long? _pacerWake;
    private bool _firstFrame = true;

    public LinkSimulation(Func<TimeSpan, long> linkRate, long contentBitsPerSecond, double randomLoss = 0, int seed = 1)
    {
        _randomLoss = randomLoss;
        _random = new Random(seed);
        _harness = new SenderHarness(SrtpProfile.AesCm128HmacSha1Tag80, rtx: true);
        _pacer = new PacedFrameSender(_harness.Sender, _queue, _harness.Time, TimeSpan.FromMilliseconds(250));
        _linkRate = linkRate;
        _contentBitsPerSecond = contentBitsPerSecond;
        _harness.Time.Advance(TimeSpan.FromSeconds(1));
        Start = _harness.Time.GetTimestamp();
        _nextFrame = Start;
        _nextFeedback = Start;
    }

    public long Start { get; }

    public TimeSpan Elapsed => _harness.Time.GetElapsedTime(Start);

    public long Estimate => _harness.Sender.EstimatedBitrateBitsPerSecond;

    /// <summary>When the first frame's last packet reached the viewer.</summary>
    public TimeSpan? FirstFrameAt { get; private set; }

    public long KeyframesRequested { get; private set; }

    public long BytesDelivered { get; private set; }

    /// <summary>Bottleneck queueing delay of each media packet.</summary>
    public IReadOnlyList<(TimeSpan At, double QueueMs)> QueueDelays => _queueDelays;

    public WlWebRtc.Rtp.Sending.RtpSenderStatistics Statistics => _harness.Sender.GetStatistics();

    /// <summary>Bytes delivered per second in [from, to).</summary>
    public double DeliveredBitsPerSecond(TimeSpan from, TimeSpan to) =>
        _delivered.Where(d => d.At >= from && d.At < to).Sum(d => d.Bytes) * 8.0 / (to - from).TotalSeconds;

    private readonly List<(TimeSpan At, int Bytes)> _delivered = [];

    /// <summary>Runs until <paramref name="until"/> after the start, 0.5 ms at a time.</summary>
    public void RunUntil(TimeSpan until)
    {
        var step = TimeSpan.FromMilliseconds(0.5);
        while (Elapsed < until)
        {
            var now = _harness.Time.GetTimestamp();
            DeliverFeedback(now);
            if (now >= _nextFrame)
            {
                EncodeFrame(now);
                _nextFrame += FrameInterval.Ticks;
            }

            if (_pacerWake is null || now >= _pacerWake)
            {
                var result = _pacer.Step();
                KeyframesRequested += result.KeyframeNeeded ? 1 : 0;
                if (result.KeyframeNeeded)
                {
                    _firstFrame = true;
                }

                _pacerWake = result.Wait is { } wait ? now + wait.Ticks : long.MaxValue;
            }

            Transmit(now);
            if (now >= _nextFeedback)
            {
                SendFeedback(now);
                _nextFeedback += FeedbackInterval.Ticks;
            }

            _harness.Time.Advance(step);
        }
    }

    public void Dispose()
    {
        _pacer.Dispose();
        _queue.Dispose();
        _harness.Dispose();
    }

    /// <summary>The model encoder: follows 90 % of the estimate (as the host's pipeline), up to what the content needs; one-frame VBV.</summary>
    private void EncodeFrame(long now)
    {
        var target = Math.Min(Estimate * 9 / 10, _contentBitsPerSecond);
        var bytes = (int)Math.Max(200, target / 30 / 8);
        var keyframe = _firstFrame;
        _firstFrame = false;
        var data = keyframe ? H264PacketPlanTests.Keyframe(bytes) : H264PacketPlanTests.AnnexB(H264PacketPlanTests.Nal(0x41, bytes, 1));
        var result = _queue.Enqueue(new QueuedFrame(data, keyframe, now, null));
        if (result == EnqueueResult.DroppedKeyframeNeeded)
        {
            _firstFrame = true;
        }

        if (_pacerWake == long.MaxValue)
        {
            _pacerWake = null;
        }
    }

    /// <summary>Puts what the sender sent into the bottleneck; what overflows its queue is lost.</summary>
    private void Transmit(long now)
    {
        foreach (var datagram in _harness.Sink.Datagrams)
        {
            if (RtpPacketClassifier.IsRtcp(datagram) || !RtpHeader.TryParse(datagram, out var header, readPadding: false)
                || !header.TryGetExtension(datagram, TransportCcId, out var value))
            {
                continue;
            }

            var sequence = Unwrap((ushort)((value[0] << 8) | value[1]));
            var rate = _linkRate(_harness.Time.GetElapsedTime(Start, now));
            var start = Math.Max(now, _linkBusyUntil);
            var queueing = TimeSpan.FromTicks(start - now);
            _highestSequence = Math.Max(_highestSequence, sequence);
            if (_nextReported < 0)
            {
                _nextReported = sequence;
            }

            if (queueing > QueueLimit || (_randomLoss > 0 && _random.NextDouble() < _randomLoss))
            {
                _arrivals[sequence] = null;
                continue;
            }

            _linkBusyUntil = start + (long)(datagram.Length * 8.0 / rate * TimeSpan.TicksPerSecond);
            var arrival = _linkBusyUntil + OneWay.Ticks;
            _arrivals[sequence] = arrival;
            var at = TimeSpan.FromTicks(arrival - Start);
            _delivered.Add((at, datagram.Length));
            BytesDelivered += datagram.Length;
            if (header.Ssrc == SenderHarness.Ssrc)
            {
                _queueDelays.Add((at, queueing.TotalMilliseconds));
                if (FirstFrameAt is null && header.Marker)
                {
                    FirstFrameAt = at;
                }
            }
        }

        _harness.Sink.Datagrams.Clear();
    }

    /// <summary>The browser reports every packet up to the newest that has arrived by now.</summary>
    private void SendFeedback(long now)
    {
        if (_nextReported < 0)
        {
            return;
        }

        var last = -1;
        foreach (var (sequence, arrival) in _arrivals)
        {
            if (arrival is { } at && at <= now)
            {
                last = Math.Max(last, sequence);
            }
        }

        if (last < _nextReported)
        {
            return;
        }

        var arrivals = new List<long?>();
        for (var sequence = _nextReported; sequence <= last; sequence++)
        {
            arrivals.Add(_arrivals.TryGetValue(sequence, out var a) && a is { } at && at <= now ? (at - Start) / 10 : null);
            _arrivals.Remove(sequence);
        }

        if (arrivals.All(a => a is null))
        {
            return;
        }

        var packet = TransportFeedbackWriter.Write(SenderHarness.Ssrc, (ushort)_nextReported, arrivals, _feedbackCount++);
        _nextReported = last + 1;
        if (_randomLoss == 0 || _random.NextDouble() >= _randomLoss)
        {
            _feedbackInFlight.Add((now + OneWay.Ticks, packet));
        }
    }

    private void DeliverFeedback(long now)
    {
        for (var i = 0; i < _feedbackInFlight.Count; i++)
        {
            if (_feedbackInFlight[i].DueTicks <= now)
            {
                _harness.SendRtcp(_feedbackInFlight[i].Packet);
                _feedbackInFlight.RemoveAt(i--);
            }
        }
    }

    private int Unwrap(ushort sequence)
    {
        if (sequence < _lastWireSequence && _lastWireSequence - sequence > 0x8000)
        {
            _wraps++;
        }

        _lastWireSequence = sequence;
        return (_wraps << 16) | sequence;
    }
}
