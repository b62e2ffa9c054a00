using System.Security.Cryptography;
using WlWebRtc.Rtp.Bwe;
using WlWebRtc.Rtp.H264;
using WlWebRtc.Rtp.Packets;
using WlWebRtc.Rtp.Retransmission;
using WlWebRtc.Rtp.Rtcp;
using WlWebRtc.Rtp.Srtp;

namespace WlWebRtc.Rtp.Sending;

/// <summary>
/// One viewer's H.264 video stream: packetizes frames, adds header extensions, protects with SRTP and hands
/// datagrams to the sink; answers NACKs from its history (over RTX when negotiated), turns PLI/FIR into
/// keyframe requests, reads receiver reports, and estimates the available bandwidth from transport-wide-cc
/// feedback, loss and REMB. Sends sender reports (with SDES CNAME) about once a second on its own.
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
        _ownPlan = new H264PacketPlan(options.MaxPayloadSize);
        var maxPacket = RtpHeaderBuilder.MaxHeaderLength + RtxRetransmitter.RtxHeaderExtra + options.MaxPayloadSize;
        _sendBuffer = new byte[maxPacket + 32];
        _clock = new RtpClock(90_000, (uint)RandomNumberGenerator.GetInt32(int.MaxValue));
        _sequence = (ushort)RandomNumberGenerator.GetInt32(ushort.MaxValue);
        _estimator = new SendSideBandwidthEstimator(options.StartBitrateBitsPerSecond, options.MinBitrateBitsPerSecond, options.MaxBitrateBitsPerSecond);
        _headers = new RtpHeaderBuilder(options, _time.TimestampFrequency);
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

    /// <summary>
    /// Packetizes and sends one Annex B access unit stamped with its monotonic capture time
    /// (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> ticks). Pass a <paramref name="sharedPlan"/>
    /// built once for this frame to share the NAL scan between viewers. Returns the packets sent.
    /// </summary>
    public int SendFrame(ReadOnlySpan<byte> accessUnit, long captureTimestamp, H264PacketPlan? sharedPlan = null)
    {
        if (sharedPlan is not null && sharedPlan.MaxPayloadSize != Options.MaxPayloadSize)
        {
            throw new ArgumentException($"The plan was made for {sharedPlan.MaxPayloadSize}-byte payloads, the sender uses {Options.MaxPayloadSize}.", nameof(sharedPlan));
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
                var sequence = _sequence++;
                var now = _time.GetTimestamp();
                var packet = _retransmitter.GetWriteBuffer(sequence);
                var headerLength = _headers.Write(packet, i == count - 1, Options.PayloadType, sequence, timestamp, Options.Ssrc, now);
                var payloadLength = plan.WritePayload(i, accessUnit, packet[headerLength..]);
                var length = headerLength + payloadLength;
                _retransmitter.OnMediaWritten(sequence, length, now);
                _retransmitter.OnMediaSent(SendRtp(packet[..length]), now);
                _nackBudget.Add(1);
                _payloadBytesSent += payloadLength;
                _mediaPacketsSent++;
            }

            if (count > 0)
            {
                _framesSent++;
            }

            var nowTicks = _time.GetTimestamp();
            if (_lastSenderReport == long.MinValue || _time.GetElapsedTime(_lastSenderReport, nowTicks) >= TimeSpan.FromSeconds(1))
            {
                SendSenderReportLocked(nowTicks);
            }

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
            return new RtpSenderStatistics
            {
                FramesSent = _framesSent,
                PacketsSent = _packetsSent,
                BytesSent = _bytesSent,
                PacketsRetransmitted = _retransmitter.PacketsRetransmitted,
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
                for (var i = 0; i < allowed && !_disposed; i++)
                {
                    Retransmit(nacked[i], now, minInterval);
                }
            }
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
            if (_estimator.OnLossReport(_fractionLost, NowMicroseconds()))
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

    private void Retransmit(ushort sequence, long now, long minInterval)
    {
        if (_retransmitter.TryBuild(sequence, now, minInterval, _outbound.RtpOverhead, out var packet))
        {
            _retransmitter.OnRetransmitted(SendRtp(packet));
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
            _estimator.OnPacketSent(transportSequence, NowMicroseconds(), written);
            _feedbackBudget.Add(FeedbackStatusesPerPacketSent);
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

    private long NowMicroseconds() => (long)(_time.GetTimestamp() * (1_000_000.0 / _time.TimestampFrequency));

    private long ToStopwatchTicks(long providerTicks) =>
        _time.TimestampFrequency == System.Diagnostics.Stopwatch.Frequency
            ? providerTicks
            : (long)(providerTicks * ((double)System.Diagnostics.Stopwatch.Frequency / _time.TimestampFrequency));
}
