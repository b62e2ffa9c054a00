using System.Security.Cryptography;
using WlWebRtc.Rtp.Bwe;
using WlWebRtc.Rtp.Fec;
using WlWebRtc.Rtp.H264;
using WlWebRtc.Rtp.Packets;
using WlWebRtc.Rtp.Pacing;
using WlWebRtc.Rtp.Playout;
using WlWebRtc.Rtp.Retransmission;
using WlWebRtc.Rtp.Rtcp;
using WlWebRtc.Rtp.Srtp;

namespace WlWebRtc.Rtp.Sending;

/// <summary>
/// One viewer's H.264 video stream: packetizes frames, adds header extensions, protects with SRTP and hands
/// datagrams to the sink; answers NACKs from its history (over RTX when negotiated), turns PLI/FIR into
/// keyframe requests, reads receiver reports, and estimates the available bandwidth from transport-wide-cc
/// feedback, loss and REMB. Sends sender reports (with SDES CNAME) about once a second on its own.
/// <see cref="SendFrame"/> sends a frame at once; <see cref="SendPaced"/> sends as far as the pacing budget
/// (<see cref="RtpVideoSenderOptions.PacingFactor"/> x the estimate, in bursts of
/// <see cref="RtpVideoSenderOptions.PacingWindow"/>) allows, and while paced it also probes the path in clusters
/// (<see cref="SendProbePadding"/>). A NACK for a packet the history no longer holds (or, while a queue stands, one over the retransmission budget) asks for a keyframe.
/// Thread-safe: frames from a send loop, RTCP from the receive thread.
/// </summary>
/// <remarks>
/// The viewer's RTCP is authenticated but not trusted: what one datagram, and the datagrams of one second,
/// can make this sender do is bounded. NACKs: at most <see cref="FeedbackPackets.MaxNackedPerPacket"/>
/// sequence numbers per datagram and <see cref="NackedSequencesPerSecond"/> per second plus one per media
/// packet sent; a packet is resent
/// at most once per round-trip time; retransmitted bytes stay within the budget of
/// <see cref="RtpVideoSenderOptions.RetransmissionBudgetFraction"/>. Transport-wide-cc: statuses per second
/// are bounded by what we sent. PLI/FIR: a FIR repeating its sequence number is ignored, and a keyframe
/// request surfaces at most once per round-trip time. Everything refused is counted in the statistics.
/// </remarks>
public sealed class RtpVideoSender : IDisposable, IRtcpFeedbackTarget
{
    /// <summary>
    /// NACKed sequence numbers looked up per second on top of one per media packet sent (a lossy stream needs
    /// a fraction of its packet rate, sometimes asked twice).
    /// </summary>
    private const int NackedSequencesPerSecond = 2000;

    /// <summary>Transport-wide-cc statuses accepted per second without matching sends (the rest is credited per packet sent).</summary>
    private const int FeedbackStatusesPerSecond = 500;

    /// <summary>Statuses credited per packet sent: each is normally reported once, sometimes twice.</summary>
    private const int FeedbackStatusesPerPacketSent = 2;

    private static readonly TimeSpan UnknownRoundTripTime = TimeSpan.FromMilliseconds(20);

    /// <summary>A peer cannot make the per-packet resend interval shorter than this by reporting a tiny RTT.</summary>
    private static readonly TimeSpan MinRetransmitInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>PLI/FIR surface at most once per RTT, but never more often than this (the encoder needs time to answer).</summary>
    private static readonly TimeSpan MinKeyframeRequestInterval = TimeSpan.FromMilliseconds(100);

    private static readonly TimeSpan MaxKeyframeRequestInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A cluster ends after this many packets even short of its bytes: with small media packets (a quiet screen)
    /// padding copies of them would otherwise take hundreds of packets; the rate is still measured over the span.
    /// </summary>
    private const int MaxProbePackets = 100;

    private const int FecTimestampSlots = 256;

    /// <summary>Sequence numbers looked through for the FEC packets that follow a retransmitted packet's frame (its packets and the FEC).</summary>
    private const int MaxFrameWalk = 1024;

    /// <summary>A probe cluster not completed within this (no media, no history to pad with) is abandoned.</summary>
    private static readonly TimeSpan MaxProbeDuration = TimeSpan.FromMilliseconds(100);

    private readonly Lock _sendLock = new();
    private readonly Lock _receiveLock = new();
    private readonly SrtpSession _outbound;
    private readonly SrtpSession _inbound;
    private readonly IRtpPacketSink _sink;
    private readonly TimeProvider _time;
    private readonly H264PacketPlan _ownPlan;
    private readonly RtpClock _clock;
    private readonly SendSideBandwidthEstimator _estimator;
    private readonly byte[] _sendBuffer;
    private readonly byte[] _rtcpBuffer = new byte[1500];
    private readonly RtpHeaderBuilder _headers;
    private readonly RtxRetransmitter _retransmitter;
    private readonly RtcpFeedbackReader _feedbackReader;
    private readonly TokenBucket _nackBudget;
    private readonly TokenBucket _feedbackBudget;
    private readonly PacingBudget _pacing;
    private readonly bool _probing;
    private readonly FecProtector? _fec;
    private readonly byte[] _fecBuffer = [];
    private readonly System.Collections.BitArray? _fecSequences;
    private long _fecPacketsSent;
    private long _emptyRetransmissions;
    private readonly LossAdaptivePlayoutDelay? _playoutDelay;
    private long _lossWindowsSeen;
    private TimeSpan _playoutDelayAsked;
    private long _duplicateRetransmissions;

    /// <summary>The RTP timestamps of the last FEC packets sent, by sequence number modulo the slots (for empty retransmissions).</summary>
    private readonly (ushort Sequence, uint Timestamp)[] _fecTimestamps = new (ushort, uint)[FecTimestampSlots];
    private uint _lastMediaTimestamp;
    private long _fecBytesSent;
    private ProbeCluster? _probe;
    private int _probeBytesSent;
    private int _probePacketsSent;
    private long _probeStarted;
    private long _lastMediaSentAt = long.MinValue;
    private bool _repairKeyframeAsked;
    private ushort _repairKeyframeSequence;

    /// <summary>With no media for this long the stream is idle: a due probe cluster starts with padding alone.</summary>
    private static readonly TimeSpan IdleBeforePaddingProbe = TimeSpan.FromMilliseconds(100);
    private bool _hasMedia;
    private ushort _lastMediaSequence;
    private int _paddingCursor;
    private long _nacksForDiscarded;
    private long _drainRate;
    private ushort _sequence;
    private long _lastSenderReport = long.MinValue;
    private long _framesSent;
    private long _packetsSent;
    private long _bytesSent;
    private long _payloadBytesSent;
    private long _mediaPacketsSent;
    private long _nackedSequencesOverBudget;
    private long _feedbackStatusesProcessed;
    private long _keyframeRequestsSuppressed;
    private long _rtcpSsrcLimited;
    private long _lastKeyframeRequest = long.MinValue;
    private long _malformed;
    private TimeSpan? _roundTripTime;
    private double _fractionLost;
    private TimeSpan? _jitter;
    private bool _disposed;

    /// <summary>
    /// Creates the sender. It takes ownership of both SRTP sessions: <paramref name="outbound"/> protects what
    /// we send (our DTLS role's key), <paramref name="inbound"/> unprotects the viewer's SRTCP.
    /// </summary>
    public RtpVideoSender(RtpVideoSenderOptions options, SrtpSession outbound, SrtpSession inbound, IRtpPacketSink sink, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(outbound);
        ArgumentNullException.ThrowIfNull(inbound);
        ArgumentNullException.ThrowIfNull(sink);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid RTP sender options: " + string.Join(" ", errors), nameof(options));
        }

        Options = options;
        _outbound = outbound;
        _inbound = inbound;
        _sink = sink;
        _time = time ?? TimeProvider.System;
        _ownPlan = new H264PacketPlan(options.PacketizationPayloadSize);
        var maxPacket = RtpHeaderBuilder.MaxHeaderLength + RtxRetransmitter.RtxHeaderExtra + options.MaxPayloadSize;
        // Room for the SRTP tag, and for a FEC packet: its header, RED byte and FEC headers around the longest media packet past its own header.
        _sendBuffer = new byte[maxPacket + 96];
        _clock = new RtpClock(90_000, (uint)RandomNumberGenerator.GetInt32(int.MaxValue));
        _sequence = (ushort)RandomNumberGenerator.GetInt32(ushort.MaxValue);
        _probing = options.ProbeInterval is not null && options.TransportWideCcExtensionId != 0 && options.RtxSsrc is not null;
        _estimator = new SendSideBandwidthEstimator(options.StartBitrateBitsPerSecond, options.MinBitrateBitsPerSecond, options.MaxBitrateBitsPerSecond,
            _probing ? options.ProbeInterval : null);
        _pacing = new PacingBudget(options.PacingWindow, _time.TimestampFrequency);
        if (options.FecEnabled)
        {
            _fec = new FecProtector(maxPacket);
            _fecBuffer = new byte[RtpHeaderBuilder.MaxHeaderLength + RedPacket.Overhead + Math.Max(_fec.MaxFecLength, maxPacket)];
            _fecSequences = new System.Collections.BitArray(65536);
        }

        _headers = new RtpHeaderBuilder(options, _time.TimestampFrequency);
        if (options.PlayoutDelayAdaptive && options.PlayoutDelayExtensionId != 0)
        {
            _playoutDelay = new LossAdaptivePlayoutDelay(options.PlayoutDelayOnLoss, _time.TimestampFrequency);
        }

        _retransmitter = new RtxRetransmitter(options, _headers, maxPacket, _time.TimestampFrequency);
        _feedbackReader = new RtcpFeedbackReader(options.Ssrc, this);
        _nackBudget = new TokenBucket(NackedSequencesPerSecond / 2, NackedSequencesPerSecond, _time.TimestampFrequency);
        _feedbackBudget = new TokenBucket(TransportFeedback.MaxStatusCount, FeedbackStatusesPerSecond, _time.TimestampFrequency);
    }

    /// <summary>The options it was made with.</summary>
    public RtpVideoSenderOptions Options { get; }

    /// <summary>The current bandwidth estimate in bits per second.</summary>
    public long EstimatedBitrateBitsPerSecond
    {
        get
        {
            lock (_sendLock)
            {
                return _estimator.Estimate;
            }
        }
    }

    /// <summary>The rate paced packets leave at now: the probe's while a cluster is under way, else a multiple of the estimate.</summary>
    public long PacingRateBitsPerSecond
    {
        get
        {
            lock (_sendLock)
            {
                return PacingRateLocked();
            }
        }
    }

    /// <summary>
    /// The pacer's backlog must leave within its delay budget: the pacing rate is at least this (0: no minimum), even
    /// above the multiple of the estimate, so an encoder overshooting a low estimate is not cut off by the pacer.
    /// </summary>
    public long DrainRateBitsPerSecond
    {
        get
        {
            lock (_sendLock)
            {
                return _drainRate;
            }
        }

        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            lock (_sendLock)
            {
                _drainRate = value;
            }
        }
    }

    /// <summary>How long until the pacing budget lets the next packet leave (zero: now).</summary>
    public TimeSpan PacingDelay
    {
        get
        {
            lock (_sendLock)
            {
                var rate = PacingRateLocked();
                _pacing.Refill(_time.GetTimestamp(), rate);
                return _pacing.TimeUntilCanSend(rate);
            }
        }
    }

    /// <summary>
    /// Sends packets of one access unit from packet <paramref name="next"/> on, as many as the pacing budget allows
    /// now, and returns the index of the first packet not sent (<c>plan.PacketCount</c> once the frame is out). Call
    /// again with that index after <see cref="PacingDelay"/>. <paramref name="plan"/> must be built for this access
    /// unit with <see cref="RtpVideoSenderOptions.PacketizationPayloadSize"/>, and the access unit must stay unchanged until
    /// its last packet is sent. Starts a probe cluster when one is due.
    /// </summary>
    public int SendPaced(ReadOnlySpan<byte> accessUnit, long captureTimestamp, H264PacketPlan plan, int next)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.MaxPayloadSize != Options.PacketizationPayloadSize)
        {
            throw new ArgumentException($"The plan was made for {plan.MaxPayloadSize}-byte payloads, the sender uses {Options.PacketizationPayloadSize}.", nameof(plan));
        }

        lock (_sendLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var now = _time.GetTimestamp();
            RefillLocked(now, frameStart: next == 0);
            var timestamp = _clock.ToRtp(captureTimestamp);
            var count = plan.PacketCount;
            while (next < count && _pacing.CanSend)
            {
                _pacing.Consume(SendMediaPacketLocked(accessUnit, plan, next, count, timestamp, now));
                next++;
                if (next == count)
                {
                    _framesSent++;
                }
            }

            SendSenderReportIfDueLocked(now);
            return next;
        }
    }

    /// <summary>
    /// While a probe cluster is under way, sends padding (recent packets again over RTX) as far as the pacing budget
    /// allows; true while the cluster goes on (call again after <see cref="PacingDelay"/>). Starts a cluster when one
    /// is due and media has been sent.
    /// </summary>
    public bool SendProbePadding()
    {
        lock (_sendLock)
        {
            if (_disposed)
            {
                return false;
            }

            var now = _time.GetTimestamp();
            // The start probe goes right after the first frame (fast start); later ones start with a frame.
            RefillLocked(now, frameStart: _estimator.ProbeClusters == 0);
            while (_probe is not null && _pacing.CanSend)
            {
                var sequence = (ushort)(_lastMediaSequence - (_paddingCursor++ % 8));
                if (!_retransmitter.TryBuildPadding(sequence, now, out var packet) && !_retransmitter.TryBuildPadding(_lastMediaSequence, now, out packet))
                {
                    EndProbeLocked();
                    break;
                }

                var sent = SendRtp(packet);
                _retransmitter.OnPaddingSent(sent);
                _pacing.Consume(Math.Max(sent, 1));
            }

            return _probe is not null;
        }
    }

    /// <summary>
    /// Packetizes and sends one Annex B access unit stamped with its monotonic capture time
    /// (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> ticks). Pass a <paramref name="sharedPlan"/>
    /// built once for this frame to share the NAL scan between viewers. Returns the packets sent.
    /// </summary>
    public int SendFrame(ReadOnlySpan<byte> accessUnit, long captureTimestamp, H264PacketPlan? sharedPlan = null)
    {
        if (sharedPlan is not null && sharedPlan.MaxPayloadSize != Options.PacketizationPayloadSize)
        {
            throw new ArgumentException($"The plan was made for {sharedPlan.MaxPayloadSize}-byte payloads, the sender uses {Options.PacketizationPayloadSize}.", nameof(sharedPlan));
        }

        lock (_sendLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var plan = sharedPlan;
            if (plan is null)
            {
                _ownPlan.Build(accessUnit);
                plan = _ownPlan;
            }

            var timestamp = _clock.ToRtp(captureTimestamp);
            var count = plan.PacketCount;
            for (var i = 0; i < count; i++)
            {
                SendMediaPacketLocked(accessUnit, plan, i, count, timestamp, _time.GetTimestamp());
            }

            if (count > 0)
            {
                _framesSent++;
            }

            SendSenderReportIfDueLocked(_time.GetTimestamp());
            return count;
        }
    }

    /// <summary>Handles one SRTCP datagram from the viewer (unprotected in place); says what the host should act on.</summary>
    public RtcpEvents ReceiveRtcp(Span<byte> datagram)
    {
        lock (_receiveLock)
        {
            if (_disposed)
            {
                return RtcpEvents.Dropped;
            }

            var status = _inbound.UnprotectRtcp(datagram, out var length);
            if (status != SrtpStatus.Ok)
            {
                Interlocked.Increment(ref status == SrtpStatus.SsrcLimitReached ? ref _rtcpSsrcLimited : ref _malformed);
                return RtcpEvents.Dropped;
            }

            return HandleRtcp(datagram[..length]);
        }
    }

    /// <summary>Sends a sender report with SDES CNAME now (also done automatically about once a second).</summary>
    public bool SendSenderReport()
    {
        lock (_sendLock)
        {
            return !_disposed && SendSenderReportLocked(_time.GetTimestamp());
        }
    }

    /// <summary>Sends RTCP BYE for our SSRCs.</summary>
    public void SendBye()
    {
        lock (_sendLock)
        {
            if (_disposed)
            {
                return;
            }

            Span<uint> ssrcs = [Options.Ssrc, Options.RtxSsrc ?? 0];
            var length = RtcpWriter.WriteGoodbye(_rtcpBuffer, Options.RtxSsrc.HasValue ? ssrcs : ssrcs[..1]);
            SendRtcp(_rtcpBuffer.AsSpan(0, length));
        }
    }

    /// <summary>A snapshot of the counters.</summary>
    public RtpSenderStatistics GetStatistics()
    {
        lock (_sendLock)
        {
            var probe = _estimator.LastProbeResult;
            return new RtpSenderStatistics
            {
                FramesSent = _framesSent,
                PacketsSent = _packetsSent,
                BytesSent = _bytesSent,
                PacketsRetransmitted = _retransmitter.PacketsRetransmitted,
                PaddingPacketsSent = _retransmitter.PaddingPackets,
                PaddingBytesSent = _retransmitter.PaddingBytes,
                FecPacketsSent = _fecPacketsSent,
                FecBytesSent = _fecBytesSent,
                EmptyRetransmissions = _emptyRetransmissions,
                PlayoutDelayMin = Max(Options.PlayoutDelayMin, _playoutDelayAsked),
                PlayoutDelaySwitches = _playoutDelay?.Switches ?? 0,
                DuplicateRetransmissions = _duplicateRetransmissions,
                ProbeClusters = _estimator.ProbeClusters,
                ProbeResults = _estimator.ProbeResults,
                LastProbeBitsPerSecond = probe?.BitsPerSecond,
                LastProbeSaturated = probe?.Saturated ?? false,
                LastProbeAge = probe is { } last ? TimeSpan.FromMicroseconds(Math.Max(0, NowMicroseconds() - last.AtMicroseconds)) : null,
                NacksForDiscardedPackets = Interlocked.Read(ref _nacksForDiscarded),
                BytesRetransmitted = _retransmitter.BytesRetransmitted,
                RetransmissionsOverBudget = _retransmitter.OverBudget,
                RetransmissionsRepeated = _retransmitter.Repeated,
                NackedSequencesDropped = _feedbackReader.NackedSequencesIgnored + Interlocked.Read(ref _nackedSequencesOverBudget),
                TransportFeedbackDropped = _feedbackReader.TransportFeedbackRefused,
                KeyframeRequestsSuppressed = _feedbackReader.FirRepeats + Interlocked.Read(ref _keyframeRequestsSuppressed),
                RtcpFromExcessSsrcsDropped = Interlocked.Read(ref _rtcpSsrcLimited),
                NacksReceived = _feedbackReader.NacksReceived,
                KeyframeRequestsReceived = _feedbackReader.KeyframeRequestsReceived,
                MalformedPacketsDropped = Interlocked.Read(ref _malformed),
                RoundTripTime = _roundTripTime,
                FractionLost = _fractionLost,
                Jitter = _jitter,
                EstimatedBandwidthBitsPerSecond = _estimator.Estimate,
            };
        }
    }

    /// <summary>Transport-wide-cc statuses handed to the estimator so far (for tests of the per-second bound).</summary>
    internal long TransportFeedbackStatusesProcessed => Interlocked.Read(ref _feedbackStatusesProcessed);

    /// <summary>The estimator's view of the bottleneck queue: the least queueing delay of the last feedback's packets, µs (for tests).</summary>
    internal long QueueingDelayMicroseconds
    {
        get
        {
            lock (_sendLock)
            {
                return _estimator.QueueingDelayUs;
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // Same order as the receive path (receive, then send) so the two cannot deadlock.
        lock (_receiveLock)
        {
            lock (_sendLock)
            {
                if (_disposed)
                {
                    return;
                }

                _disposed = true;
                _outbound.Dispose();
                _inbound.Dispose();
            }
        }
    }

    /// <summary>Reads the compound, then acts on what it asked: keyframe requests, transport-wide-cc, NACKs.</summary>
    private RtcpEvents HandleRtcp(ReadOnlySpan<byte> compound)
    {
        var arrival = RtcpWriter.Middle32(RtcpWriter.ToNtp(_time.GetUtcNow()));
        var events = _feedbackReader.Read(compound, arrival);
        var keyframeRequests = _feedbackReader.KeyframeRequests;
        var nacked = _feedbackReader.Nacked;
        var feedback = _feedbackReader.TransportFeedback;
        if (keyframeRequests > 0)
        {
            events |= SurfaceKeyframeRequests(keyframeRequests);
            keyframeRequests = 0;
        }

        if (nacked.Count > 0 || feedback.Count > 0)
        {
            lock (_sendLock)
            {
                var allowed = nacked.Count == 0 ? 0 : _nackBudget.TakeUpTo(nacked.Count, _time.GetTimestamp());
                Interlocked.Add(ref _nackedSequencesOverBudget, nacked.Count - allowed);
                if (feedback.Count > 0)
                {
                    Interlocked.Add(ref _feedbackStatusesProcessed, feedback.Count);
                    if (_estimator.OnTransportFeedback(feedback, NowMicroseconds()))
                    {
                        events |= RtcpEvents.BandwidthEstimateChanged;
                    }
                }

                var now = _time.GetTimestamp();
                var minInterval = ToTicks(Max(_roundTripTime ?? UnknownRoundTripTime, MinRetransmitInterval));

                // Retransmissions are a share of what the link carries now, not of what was sent before it shrank; while a
                // queue stands, half that share (they would wait behind it, and add to it).
                _retransmitter.MaxBudgetMediaBytes = _estimator.Estimate / 8 / (_estimator.QueueStanding ? 2 : 1);
                var unanswered = 0;
                for (var i = 0; i < allowed && !_disposed; i++)
                {
                    unanswered += Retransmit(nacked[i], now, minInterval) ? 0 : 1;
                }

                // NACKed sequence numbers over the NACK budget go unanswered too.
                for (var i = allowed; i < nacked.Count; i++)
                {
                    unanswered += NeedsRepairKeyframe(nacked[i]) ? 1 : 0;
                }

                if (unanswered > 0)
                {
                    // The viewer misses a packet it will not get: Chromium asks again for a while, then waits for its
                    // decode timeout (3 s) before it sends a PLI. Only a keyframe repairs its picture (rate-limited below).
                    keyframeRequests++;
                }
            }
        }

        if (keyframeRequests > 0 && (events & RtcpEvents.KeyframeRequested) == 0)
        {
            events |= SurfaceKeyframeRequests(keyframeRequests);
        }

        if ((events & RtcpEvents.Dropped) != 0)
        {
            Interlocked.Increment(ref _malformed);
        }

        return events;
    }

    /// <summary>
    /// Whether a transport-wide-cc message announcing <paramref name="statusCount"/> statuses may be parsed: the
    /// statuses come out of a budget refilled by the packets we send (plus a small floor), so no stream of
    /// feedback makes more work than our own sending justifies.
    /// </summary>
    bool IRtcpFeedbackTarget.TryAdmitTransportFeedback(int statusCount)
    {
        if (statusCount > TransportFeedback.MaxStatusCount)
        {
            return false;
        }

        lock (_sendLock)
        {
            return _feedbackBudget.TryTake(statusCount, _time.GetTimestamp());
        }
    }

    /// <summary>
    /// PLI/FIR within one round-trip time of the last request that surfaced ask for the same keyframe (the
    /// viewer has not had time to see it yet): surface one, count the rest as suppressed.
    /// </summary>
    private RtcpEvents SurfaceKeyframeRequests(int requests)
    {
        lock (_sendLock)
        {
            var now = _time.GetTimestamp();
            var rtt = _roundTripTime ?? MinKeyframeRequestInterval;
            var interval = ToTicks(TimeSpan.FromTicks(Math.Clamp(rtt.Ticks, MinKeyframeRequestInterval.Ticks, MaxKeyframeRequestInterval.Ticks)));
            if (_lastKeyframeRequest != long.MinValue && now - _lastKeyframeRequest < interval)
            {
                Interlocked.Add(ref _keyframeRequestsSuppressed, requests);
                return RtcpEvents.None;
            }

            _lastKeyframeRequest = now;
            Interlocked.Add(ref _keyframeRequestsSuppressed, requests - 1);
            return RtcpEvents.KeyframeRequested;
        }
    }

    /// <summary>RTT, loss and jitter from a report block about our SSRC; loss feeds the estimator.</summary>
    RtcpEvents IRtcpFeedbackTarget.OnReportBlock(ReportBlock block, uint arrivalNtpMiddle)
    {
        var events = RtcpEvents.ReceiverReport;
        lock (_sendLock)
        {
            var rtt = block.RoundTripTime(arrivalNtpMiddle);
            if (rtt is not null)
            {
                _roundTripTime = rtt;
            }

            _fractionLost = block.FractionLost / 256.0;
            _jitter = TimeSpan.FromSeconds(block.Jitter / 90_000.0);
            if (_estimator.OnLossReport(block.CumulativeLost, block.ExtendedHighestSequence, NowMicroseconds()))
            {
                events |= RtcpEvents.BandwidthEstimateChanged;
            }
        }

        return events;
    }

    RtcpEvents IRtcpFeedbackTarget.OnRemb(long bitsPerSecond)
    {
        lock (_sendLock)
        {
            return _estimator.OnRemb(bitsPerSecond) ? RtcpEvents.BandwidthEstimateChanged : RtcpEvents.None;
        }
    }

    /// <summary>
    /// Answers a NACK of <paramref name="sequence"/>; false when the NACK of a packet we sent goes unanswered (no longer
    /// kept, refused by the retransmission budget, a FEC packet without RTX), which only a keyframe repairs.
    /// </summary>
    private bool Retransmit(ushort sequence, long now, long minInterval)
    {
        if (_fecSequences?[sequence] == true)
        {
            // A FEC packet: not kept, not worth a resend. But Chromium's H.264 receiver assembles a delta frame only
            // once every earlier sequence number is accounted for: a lost FEC packet left unanswered stalls the
            // picture until the next keyframe. An empty retransmission accounts for it.
            var fecTimestamp = FecTimestampLocked(sequence);
            if (!_retransmitter.TryBuildEmpty(sequence, fecTimestamp, now, _outbound.RtpOverhead, out var empty))
            {
                return !NeedsRepairKeyframe(sequence);
            }

            _emptyRetransmissions++;
            SendRtp(empty);
            // The frame's FEC packets after this one too: Chromium may have forgotten them while it waited for this one.
            ReannounceFecLocked(sequence, fecTimestamp, now);
            return true;
        }

        // Keep packets for three round trips when that is longer than the configured age (a retransmission must be able to arrive).
        var rtt = _roundTripTime ?? TimeSpan.Zero;
        var maxAge = ToTicks(TimeSpan.FromTicks(Math.Min(3 * rtt.Ticks, RtpVideoSenderOptions.HistoryMaxAgeLimit.Ticks)));
        if (_retransmitter.TryBuild(sequence, now, minInterval, maxAge, _outbound.RtpOverhead, out var packet, out var lookup))
        {
            var timestamp = RtpHeader.TryParse(packet, out var header, readPadding: false) ? header.Timestamp : (uint?)null;
            _retransmitter.OnRetransmitted(SendRtp(packet));
            if (Options.RetransmitTwiceLoss > 0 && _estimator.Loss >= Options.RetransmitTwiceLoss
                && _retransmitter.TryBuildDuplicate(sequence, now, _outbound.RtpOverhead, out var again))
            {
                _retransmitter.OnRetransmitted(SendRtp(again));
                _duplicateRetransmissions++;
            }

            if (_fec is not null && timestamp is { } frame)
            {
                ReannounceFecLocked(sequence, frame, now);
            }

            return true;
        }

        if (lookup != RetransmissionLookup.NotFound)
        {
            if (lookup == RetransmissionLookup.TooSoon)
            {
                // Resent less than a round trip ago: in flight, answered.
                return true;
            }

            // Kept but refused by the budget (after a capacity drop: more lost than the smaller link can resend): the
            // viewer will not get it, and a keyframe repairs the picture sooner than its NACKs give up.
            return !NeedsRepairKeyframe(sequence);
        }

        // Only a packet we sent (at most half the sequence space ago) counts as discarded: not one never sent.
        var age = (ushort)(_sequence - 1 - sequence);
        if (!_hasMedia || age >= 0x8000)
        {
            return true;
        }

        Interlocked.Increment(ref _nacksForDiscarded);
        return !NeedsRepairKeyframe(sequence);
    }

    /// <summary>
    /// Whether the unanswered NACK of <paramref name="sequence"/> needs a keyframe: not when one was already asked for
    /// after that packet was sent (it repairs everything before it, so the NACKs Chromium repeats for a burst of lost
    /// packets ask once, not once each).
    /// </summary>
    private bool NeedsRepairKeyframe(ushort sequence)
    {
        if (_repairKeyframeAsked && (short)(sequence - _repairKeyframeSequence) < 0)
        {
            return false;
        }

        _repairKeyframeAsked = true;
        _repairKeyframeSequence = _sequence;
        return true;
    }

    /// <summary>
    /// After a retransmission of packet <paramref name="sequence"/> of frame <paramref name="timestamp"/>: the FEC packets
    /// that followed that frame again, as empty retransmissions. Chromium takes a FEC packet as padding and forgets
    /// padding 100 sequence numbers older than the newest it got; a frame completed by a late retransmission (one
    /// lost twice, at 5 % loss a few times a second) then finds the sequence numbers of its FEC packets unaccounted for,
    /// and every later delta frame waits for the 3 s decode timeout and a PLI. Announced again right behind the
    /// retransmission, they follow the frame's completion and close the gap.
    /// </summary>
    private void ReannounceFecLocked(ushort sequence, uint timestamp, long now)
    {
        var sent = Math.Min((int)(ushort)(_sequence - sequence), MaxFrameWalk);
        var offset = 1;
        while (offset < sent && !_fecSequences![(ushort)(sequence + offset)])
        {
            offset++;
        }

        // The FEC packets after it, if they are the frame's own (they carry its timestamp).
        for (; offset < sent && IsFecOfFrameLocked((ushort)(sequence + offset), timestamp); offset++)
        {
            if (!_retransmitter.TryBuildEmpty((ushort)(sequence + offset), timestamp, now, _outbound.RtpOverhead, out var empty))
            {
                return;
            }

            _emptyRetransmissions++;
            SendRtp(empty);
        }
    }

    private bool IsFecOfFrameLocked(ushort sequence, uint timestamp) =>
        _fecSequences![sequence] && _fecTimestamps[sequence % FecTimestampSlots] is var (kept, fecTimestamp) && kept == sequence && fecTimestamp == timestamp;

    /// <summary>Writes packet <paramref name="index"/> of a frame into the history and sends it; returns the bytes sent.</summary>
    private int SendMediaPacketLocked(ReadOnlySpan<byte> accessUnit, H264PacketPlan plan, int index, int count, uint timestamp, long now)
    {
        if (index == 0 && _playoutDelay is not null)
        {
            UpdatePlayoutDelayLocked(now);
        }

        var sequence = _sequence++;
        var packet = _retransmitter.GetWriteBuffer(sequence);
        var headerLength = _headers.Write(packet, index == count - 1, Options.PayloadType, sequence, timestamp, Options.Ssrc, now);
        var payloadLength = plan.WritePayload(index, accessUnit, packet[headerLength..]);
        var length = headerLength + payloadLength;
        _retransmitter.OnMediaWritten(sequence, length, now);
        int sent;
        if (_fec is not null)
        {
            // FEC protects the packet the viewer rebuilds from RED (this one); RTX resends it as it is, without RED.
            _fecSequences![sequence] = false;
            _fec.Add(packet[..length]);
            sent = SendRtp(_fecBuffer.AsSpan(0, RedPacket.Wrap(packet[..length], Options.RedPayloadType!.Value, _fecBuffer)));
        }
        else
        {
            sent = SendRtp(packet[..length]);
        }

        _retransmitter.OnMediaSent(sent, now);
        _nackBudget.Add(1);
        _payloadBytesSent += payloadLength;
        _mediaPacketsSent++;
        _lastMediaSequence = sequence;
        _lastMediaTimestamp = timestamp;
        _lastMediaSentAt = now;
        _hasMedia = true;
        if (_fec is not null && index == count - 1)
        {
            sent += SendFecLocked(timestamp, now);
        }

        return Math.Max(sent, 1);
    }

    /// <summary>Per frame: the playout delay the policy wants from the loss windows closed since the last frame and the RTT.</summary>
    private void UpdatePlayoutDelayLocked(long now)
    {
        var windows = _estimator.LossWindows;
        // Loss gathered behind a queue is the bottleneck's tail drop (a capacity drop), which congestion control answers;
        // a longer playout delay would only add latency to a link that already has too much. Only loss without a queue
        // (random loss on the path) asks for a retransmission round of delay.
        double? loss = windows != _lossWindowsSeen && !_estimator.LossWindowBehindQueue ? _estimator.Loss : null;
        _lossWindowsSeen = windows;
        var delay = _playoutDelay!.Update(loss, _roundTripTime, now);
        if (delay != _playoutDelayAsked)
        {
            _playoutDelayAsked = delay;
            _headers.SetPlayoutDelay(Max(Options.PlayoutDelayMin, delay), Max(Options.PlayoutDelayMax, delay));
        }
    }

    /// <summary>Sends the FEC packets of the group just completed (after its last media packet, same timestamp); returns the bytes sent.</summary>
    private int SendFecLocked(uint timestamp, long now)
    {
        var fec = _fec!;
        // The estimator's windowed loss, not the last report's fraction lost: Chromium puts a report in front of every
        // NACK, covering a few packets, so at 5 % random loss those read 33-66 % and auto would jump to its maximum.
        var fecCount = FecProtector.FecPacketCount(fec.Count, FecProtection.For(Options.FecProtection, _estimator.Loss));
        var sent = 0;
        for (var j = 0; j < fecCount; j++)
        {
            var sequence = _sequence++;
            _fecSequences![sequence] = true;
            _fecTimestamps[sequence % FecTimestampSlots] = (sequence, timestamp);
            var headerLength = _headers.Write(_fecBuffer, false, Options.RedPayloadType!.Value, sequence, timestamp, Options.Ssrc, now);
            RedPacket.WriteBlockHeader(_fecBuffer.AsSpan(headerLength), Options.UlpfecPayloadType!.Value);
            var length = headerLength + RedPacket.Overhead + fec.WriteFec(j, fecCount, _fecBuffer.AsSpan(headerLength + RedPacket.Overhead));
            var bytes = SendRtp(_fecBuffer.AsSpan(0, length));
            _fecPacketsSent++;
            _fecBytesSent += bytes;
            sent += bytes;
        }

        fec.Clear();
        return sent;
    }

    /// <summary>The timestamp FEC packet <paramref name="sequence"/> was sent with, or the last media timestamp when it is no longer known.</summary>
    private uint FecTimestampLocked(ushort sequence) =>
        _fecTimestamps[sequence % FecTimestampSlots] is var (kept, timestamp) && kept == sequence ? timestamp : _lastMediaTimestamp;

    private long PacingRateLocked() =>
        Math.Max(_drainRate, _probe is { } probe ? probe.BitsPerSecond : (long)(_estimator.Estimate * Options.PacingFactor));

    /// <summary>
    /// Starts a due probe cluster (once media flows), ends a stalled one, and refills the budget at the current rate. A
    /// cluster starts with a frame (<paramref name="frameStart"/>) so the frame's own packets make most of it: one started
    /// after a frame adds its padding behind the frame, and on a link the stream fills that stacks up (a 1.5 Mb/s link
    /// queued a 6.7 kB frame plus an 8 kB cluster: 60 ms). Only an idle stream starts one with padding alone.
    /// </summary>
    private void RefillLocked(long now, bool frameStart)
    {
        if (_probe is not null && _time.GetElapsedTime(_probeStarted, now) > MaxProbeDuration)
        {
            EndProbeLocked();
        }

        var idle = _lastMediaSentAt == long.MinValue || _time.GetElapsedTime(_lastMediaSentAt, now) >= IdleBeforePaddingProbe;
        if (_probe is null && _probing && _hasMedia && (frameStart || idle) && _estimator.TakeDueProbe(ToMicroseconds(now)) is { } cluster)
        {
            _probe = cluster;
            _probeBytesSent = 0;
            _probePacketsSent = 0;
            _probeStarted = now;
        }

        _pacing.Refill(now, PacingRateLocked());
    }

    private void EndProbeLocked() => _probe = null;

    private void SendSenderReportIfDueLocked(long nowTicks)
    {
        if (_lastSenderReport == long.MinValue || _time.GetElapsedTime(_lastSenderReport, nowTicks) >= TimeSpan.FromSeconds(1))
        {
            SendSenderReportLocked(nowTicks);
        }
    }

    /// <summary>Protects and sends an RTP packet; returns the bytes sent (0 if it could not be protected).</summary>
    private int SendRtp(ReadOnlySpan<byte> packet)
    {
        if (_outbound.ProtectRtp(packet, _sendBuffer, out var written) != SrtpStatus.Ok)
        {
            return 0;
        }

        if (_headers.TryTakeTransportSequence(out var transportSequence))
        {
            _estimator.OnPacketSent(transportSequence, NowMicroseconds(), written, _probe);
            _feedbackBudget.Add(FeedbackStatusesPerPacketSent);
        }

        if (_probe is { } probe)
        {
            // Media, retransmissions and padding sent during a cluster all belong to it.
            _probeBytesSent += written;
            _probePacketsSent++;
            if ((_probeBytesSent >= probe.Bytes && _probePacketsSent >= probe.MinPackets) || _probePacketsSent >= MaxProbePackets)
            {
                EndProbeLocked();
            }
        }

        _sink.SendDatagram(_sendBuffer.AsSpan(0, written));
        _packetsSent++;
        _bytesSent += written;
        return written;
    }

    private bool SendSenderReportLocked(long nowTicks)
    {
        var ntp = RtcpWriter.ToNtp(_time.GetUtcNow());
        var rtpNow = _clock.ToRtp(ToStopwatchTicks(nowTicks));
        var length = RtcpWriter.WriteSenderReport(_rtcpBuffer, Options.Ssrc, ntp, rtpNow, (uint)_mediaPacketsSent, (uint)_payloadBytesSent);
        length += RtcpWriter.WriteSourceDescription(_rtcpBuffer.AsSpan(length), Options.Ssrc, Options.Cname);
        _lastSenderReport = nowTicks;
        return SendRtcp(_rtcpBuffer.AsSpan(0, length));
    }

    private bool SendRtcp(ReadOnlySpan<byte> packet)
    {
        if (_outbound.ProtectRtcp(packet, _sendBuffer, out var written) != SrtpStatus.Ok)
        {
            return false;
        }

        _sink.SendDatagram(_sendBuffer.AsSpan(0, written));
        _bytesSent += written;
        return true;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

    private long NowMicroseconds() => ToMicroseconds(_time.GetTimestamp());

    private long ToMicroseconds(long ticks) => (long)(ticks * (1_000_000.0 / _time.TimestampFrequency));

    private long ToStopwatchTicks(long providerTicks) =>
        _time.TimestampFrequency == System.Diagnostics.Stopwatch.Frequency
            ? providerTicks
            : (long)(providerTicks * ((double)System.Diagnostics.Stopwatch.Frequency / _time.TimestampFrequency));
}
