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
/// the control logic, not the machine. With <c>nacks</c> the browser also NACKs what it misses (at once, then again
/// every <see cref="NackRetryInterval"/>, up to ten times, as Chromium) and the sender's answers (RTX) and its keyframe
/// requests (a NACK for a packet it no longer keeps) go through the same bottleneck; <c>keyframeFactor</c> makes a
/// keyframe that many times a delta frame at the same target (an encoder's I frame on text, bounded by its VBV).
/// </summary>
internal sealed class LinkSimulation : IDisposable
{
    private const int TransportCcId = 3;
    private static readonly TimeSpan OneWay = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan QueueLimit = TimeSpan.FromMilliseconds(150);
    private static readonly TimeSpan FeedbackInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan FrameInterval = TimeSpan.FromSeconds(1.0 / 30);
    private static readonly TimeSpan NackRetryInterval = TimeSpan.FromMilliseconds(60);
    private const int NackTries = 10;
    private const int MaxMissing = 1000;

    private readonly SenderHarness _harness;
    private readonly ViewerSendQueue _queue = new();
    private readonly PacedFrameSender _pacer;
    private readonly Func<TimeSpan, long> _linkRate;
    private readonly long _contentBitsPerSecond;
    private readonly double _randomLoss;
    private readonly bool _nacks;
    private readonly double _keyframeFactor;
    private readonly Queue<(long Ticks, ushort Sequence)> _mediaArrivals = new();
    private readonly Dictionary<ushort, (int Tries, long Next)> _missing = [];
    private int _highestMedia = -1;
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

    public LinkSimulation(Func<TimeSpan, long> linkRate, long contentBitsPerSecond, double randomLoss = 0, int seed = 1, bool nacks = false, double keyframeFactor = 1, long? minBitrate = null, bool adaptivePlayoutDelay = false)
    {
        _randomLoss = randomLoss;
        _nacks = nacks;
        _keyframeFactor = keyframeFactor;
        _random = new Random(seed);
        _harness = new SenderHarness(SrtpProfile.AesCm128HmacSha1Tag80, rtx: true, o => (minBitrate is { } min ? o with { MinBitrateBitsPerSecond = min } : o) with { PlayoutDelayAdaptive = adaptivePlayoutDelay });
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

    /// <summary>Keyframes the sender asked for (NACKs of packets it no longer keeps).</summary>
    public long KeyframesRequestedBySender { get; private set; }

    /// <summary>Sequence numbers the browser NACKed (each try counts).</summary>
    public long Nacked { get; private set; }

    public long BytesDelivered { get; private set; }

    /// <summary>Bottleneck queueing delay of each media packet.</summary>
    public IReadOnlyList<(TimeSpan At, double QueueMs)> QueueDelays => _queueDelays;

    public WlWebRtc.Rtp.Sending.RtpSenderStatistics Statistics => _harness.Sender.GetStatistics();

    /// <summary>Bytes delivered per second in [from, to).</summary>
    public double DeliveredBitsPerSecond(TimeSpan from, TimeSpan to) =>
        _delivered.Where(d => d.At >= from && d.At < to).Sum(d => d.Bytes) * 8.0 / (to - from).TotalSeconds;

    private readonly List<(TimeSpan At, int Bytes)> _delivered = [];

    private readonly List<(TimeSpan At, long Estimate, long Retransmitted, long QueueingUs)> _samples = [];

    /// <summary>The estimate, the packets retransmitted so far and the queueing delay the sender sees, every 100 ms.</summary>
    public IReadOnlyList<(TimeSpan At, long Estimate, long Retransmitted, long QueueingUs)> Samples => _samples;

    /// <summary>Runs until <paramref name="until"/> after the start, 0.5 ms at a time.</summary>
    public void RunUntil(TimeSpan until)
    {
        var step = TimeSpan.FromMilliseconds(0.5);
        while (Elapsed < until)
        {
            var now = _harness.Time.GetTimestamp();
            DeliverFeedback(now);
            if ((now - Start) % (TimeSpan.TicksPerSecond / 10) == 0)
            {
                _samples.Add((Elapsed, Estimate, Statistics.PacketsRetransmitted, _harness.Sender.QueueingDelayMicroseconds));
            }

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
            if (_nacks)
            {
                ReceiveMedia(now);
                SendNacks(now);
            }

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
        bytes = keyframe ? (int)(bytes * _keyframeFactor) : bytes;
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
            if (_nacks)
            {
                NoteMediaArrival(datagram, header, arrival);
            }

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
                if ((_harness.SendRtcp(_feedbackInFlight[i].Packet) & WlWebRtc.Rtp.Sending.RtcpEvents.KeyframeRequested) != 0)
                {
                    // The host asks the encoder for a keyframe.
                    KeyframesRequestedBySender++;
                    _firstFrame = true;
                }

                _feedbackInFlight.RemoveAt(i--);
            }
        }
    }

    /// <summary>Media sequence numbers by arrival time: a media packet's own, an RTX packet's original (in its encrypted payload).</summary>
    private void NoteMediaArrival(byte[] datagram, RtpHeader header, long arrival)
    {
        if (header.Ssrc == SenderHarness.Ssrc)
        {
            _mediaArrivals.Enqueue((arrival, header.SequenceNumber));
            return;
        }

        var copy = datagram.ToArray();
        if (header.Ssrc == SenderHarness.RtxSsrc && _harness.ViewerReceive.UnprotectRtp(copy, out var length) == SrtpStatus.Ok
            && RtpHeader.TryParse(copy.AsSpan(0, length), out var rtx) && rtx.PayloadLength >= 2)
        {
            _mediaArrivals.Enqueue((arrival, (ushort)((copy[rtx.HeaderLength] << 8) | copy[rtx.HeaderLength + 1])));
        }
    }

    /// <summary>The browser's NACK list: a gap adds the missing numbers, an arrival (or retransmission) removes its own.</summary>
    private void ReceiveMedia(long now)
    {
        while (_mediaArrivals.Count > 0 && _mediaArrivals.Peek().Ticks <= now)
        {
            var sequence = _mediaArrivals.Dequeue().Sequence;
            var ahead = _highestMedia < 0 ? 1 : (short)(sequence - (ushort)_highestMedia);
            if (ahead <= 0)
            {
                _missing.Remove(sequence);
                continue;
            }

            for (var k = 1; k < ahead && _highestMedia >= 0 && _missing.Count < MaxMissing; k++)
            {
                _missing[(ushort)(_highestMedia + k)] = (0, now);
            }

            _highestMedia = sequence;
        }
    }

    private void SendNacks(long now)
    {
        var due = new List<ushort>();
        foreach (var (sequence, (tries, next)) in _missing)
        {
            if (next <= now && due.Count < WlWebRtc.Rtp.Rtcp.FeedbackPackets.MaxNackedPerPacket)
            {
                due.Add(sequence);
            }
        }

        if (due.Count == 0)
        {
            return;
        }

        foreach (var sequence in due)
        {
            var tries = _missing[sequence].Tries + 1;
            if (tries >= NackTries)
            {
                _missing.Remove(sequence);
            }
            else
            {
                _missing[sequence] = (tries, now + NackRetryInterval.Ticks);
            }
        }

        Nacked += due.Count;
        _feedbackInFlight.Add((now + OneWay.Ticks, NackWriter.Write(SenderHarness.Ssrc, due)));
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
