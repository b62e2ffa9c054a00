using System.Buffers.Binary;
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
public sealed class RtpVideoSender : IDisposable
{
    private const int MaxHeaderLength = RtpHeader.FixedLength + 4 + 16;
    private const int RtxHeaderExtra = 2;

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
    private readonly RtpPacketHistory _history;
    private readonly RtpClock _clock;
    private readonly SendSideBandwidthEstimator _estimator;
    private readonly byte[] _sendBuffer;
    private readonly byte[] _scratch;
    private readonly byte[] _rtcpBuffer = new byte[1500];
    private readonly List<ushort> _nacked = [];
    private readonly List<PacketFeedback> _feedback = [];
    private readonly RetransmissionBudget _retransmissionBudget;
    private readonly TokenBucket _nackBudget;
    private readonly TokenBucket _feedbackBudget;
    private readonly FirSequenceTracker _firSequences = new();
    private readonly int _playoutMinUnits;
    private readonly int _playoutMaxUnits;
    private ushort _sequence;
    private ushort _pendingTransportSequence;
    private bool _hasPendingTransportSequence;
    private ushort _rtxSequence;
    private ushort _transportSequence;
    private long _lastSenderReport = long.MinValue;
    private long _framesSent;
    private long _packetsSent;
    private long _bytesSent;
    private long _payloadBytesSent;
    private long _mediaPacketsSent;
    private long _retransmitted;
    private long _retransmittedBytes;
    private long _retransmissionsOverBudget;
    private long _retransmissionsRepeated;
    private long _nackedSequencesDropped;
    private long _feedbackDropped;
    private long _feedbackStatusesProcessed;
    private long _keyframeRequestsSuppressed;
    private long _rtcpSsrcLimited;
    private long _lastKeyframeRequest = long.MinValue;
    private long _nacksReceived;
    private long _keyframeRequests;
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
        var maxPacket = MaxHeaderLength + RtxHeaderExtra + options.MaxPayloadSize;
        _history = new RtpPacketHistory(options.HistoryPackets, maxPacket, options.HistoryMaxAge, _time.TimestampFrequency);
        _sendBuffer = new byte[maxPacket + 32];
        _scratch = new byte[maxPacket];
        _clock = new RtpClock(90_000, (uint)RandomNumberGenerator.GetInt32(int.MaxValue));
        _sequence = (ushort)RandomNumberGenerator.GetInt32(ushort.MaxValue);
        _rtxSequence = (ushort)RandomNumberGenerator.GetInt32(ushort.MaxValue);
        _estimator = new SendSideBandwidthEstimator(options.StartBitrateBitsPerSecond, options.MinBitrateBitsPerSecond, options.MaxBitrateBitsPerSecond);
        _playoutMinUnits = (int)(options.PlayoutDelayMin.TotalMilliseconds / 10);
        _playoutMaxUnits = (int)(options.PlayoutDelayMax.TotalMilliseconds / 10);
        _retransmissionBudget = new RetransmissionBudget(options.RetransmissionBudgetFraction, options.RetransmissionBurstBytes, _time.TimestampFrequency);
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
                var packet = _history.GetWriteBuffer(sequence);
                var headerLength = WriteHeader(packet, i == count - 1, Options.PayloadType, sequence, timestamp, Options.Ssrc, now);
                var payloadLength = plan.WritePayload(i, accessUnit, packet[headerLength..]);
                var length = headerLength + payloadLength;
                _history.Commit(sequence, length, now);
                _retransmissionBudget.OnMediaSent(SendRtp(packet[..length]), now);
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
                PacketsRetransmitted = _retransmitted,
                BytesRetransmitted = _retransmittedBytes,
                RetransmissionsOverBudget = _retransmissionsOverBudget,
                RetransmissionsRepeated = _retransmissionsRepeated,
                NackedSequencesDropped = Interlocked.Read(ref _nackedSequencesDropped),
                TransportFeedbackDropped = Interlocked.Read(ref _feedbackDropped),
                KeyframeRequestsSuppressed = Interlocked.Read(ref _keyframeRequestsSuppressed),
                RtcpFromExcessSsrcsDropped = Interlocked.Read(ref _rtcpSsrcLimited),
                NacksReceived = Interlocked.Read(ref _nacksReceived),
                KeyframeRequestsReceived = Interlocked.Read(ref _keyframeRequests),
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

    private RtcpEvents HandleRtcp(ReadOnlySpan<byte> compound)
    {
        var events = RtcpEvents.None;
        var keyframeRequests = 0;
        _nacked.Clear();
        _feedback.Clear();
        Span<ReportBlock> blocks = stackalloc ReportBlock[31];
        Span<uint> rembSsrcs = stackalloc uint[16];
        var ssrc = Options.Ssrc;
        var arrival = RtcpWriter.Middle32(RtcpWriter.ToNtp(_time.GetUtcNow()));
        var enumerator = new RtcpCompoundEnumerator(compound);
        while (enumerator.MoveNext())
        {
            var packet = enumerator.Current;
            switch (enumerator.PacketType)
            {
                case RtcpPacketType.SenderReport or RtcpPacketType.ReceiverReport:
                    if (!ReportPackets.TryRead(packet, enumerator.PacketType, enumerator.CountOrFormat, out _, blocks, out var count))
                    {
                        events |= RtcpEvents.Dropped;
                        break;
                    }

                    for (var i = 0; i < count; i++)
                    {
                        if (blocks[i].Ssrc == ssrc)
                        {
                            events |= OnReportBlock(blocks[i], arrival);
                        }
                    }

                    break;
                case RtcpPacketType.Goodbye:
                    events |= RtcpEvents.Bye;
                    break;
                case RtcpPacketType.TransportFeedback when enumerator.CountOrFormat == RtcpPacketType.GenericNackFormat:
                    var nackStart = _nacked.Count;
                    var room = Math.Max(0, FeedbackPackets.MaxNackedPerPacket - nackStart);
                    if (FeedbackPackets.TryReadNack(packet, out var nackSsrc, _nacked, room, out var ignored))
                    {
                        if (nackSsrc != ssrc)
                        {
                            _nacked.RemoveRange(nackStart, _nacked.Count - nackStart);
                        }
                        else
                        {
                            Interlocked.Increment(ref _nacksReceived);
                            Interlocked.Add(ref _nackedSequencesDropped, ignored);
                            events |= RtcpEvents.Nack;
                        }
                    }
                    else
                    {
                        events |= RtcpEvents.Dropped;
                    }

                    break;
                case RtcpPacketType.TransportFeedback when enumerator.CountOrFormat == RtcpPacketType.TransportWideCcFormat:
                    if (!TryAdmitTransportFeedback(TransportFeedback.ReadStatusCount(packet)))
                    {
                        Interlocked.Increment(ref _feedbackDropped);
                    }
                    else if (!TransportFeedback.TryRead(packet, out _, out _, _feedback))
                    {
                        events |= RtcpEvents.Dropped;
                    }

                    break;
                case RtcpPacketType.PayloadFeedback when enumerator.CountOrFormat == RtcpPacketType.PliFormat:
                    if (FeedbackPackets.TryReadMediaSsrc(packet, out _, out var pliSsrc) && pliSsrc == ssrc)
                    {
                        Interlocked.Increment(ref _keyframeRequests);
                        keyframeRequests++;
                    }

                    break;
                case RtcpPacketType.PayloadFeedback when enumerator.CountOrFormat == RtcpPacketType.FirFormat:
                    if (FeedbackPackets.TryReadFir(packet, ssrc, out var firSequence))
                    {
                        Interlocked.Increment(ref _keyframeRequests);
                        if (_firSequences.IsRepeat(BinaryPrimitives.ReadUInt32BigEndian(packet[4..]), firSequence))
                        {
                            Interlocked.Increment(ref _keyframeRequestsSuppressed);
                        }
                        else
                        {
                            keyframeRequests++;
                        }
                    }

                    break;
                case RtcpPacketType.PayloadFeedback when enumerator.CountOrFormat == RtcpPacketType.ApplicationLayerFeedbackFormat:
                    if (FeedbackPackets.TryReadRemb(packet, out var remb, rembSsrcs, out _))
                    {
                        lock (_sendLock)
                        {
                            if (_estimator.OnRemb(remb))
                            {
                                events |= RtcpEvents.BandwidthEstimateChanged;
                            }
                        }
                    }

                    break;
            }
        }

        if (enumerator.IsMalformed)
        {
            events |= RtcpEvents.Dropped;
        }

        if (keyframeRequests > 0)
        {
            events |= SurfaceKeyframeRequests(keyframeRequests);
        }

        if (_nacked.Count > 0 || _feedback.Count > 0)
        {
            lock (_sendLock)
            {
                var allowed = _nacked.Count == 0 ? 0 : _nackBudget.TakeUpTo(_nacked.Count, _time.GetTimestamp());
                Interlocked.Add(ref _nackedSequencesDropped, _nacked.Count - allowed);
                if (_feedback.Count > 0)
                {
                    Interlocked.Add(ref _feedbackStatusesProcessed, _feedback.Count);
                    if (_estimator.OnTransportFeedback(_feedback, NowMicroseconds()))
                    {
                        events |= RtcpEvents.BandwidthEstimateChanged;
                    }
                }

                var now = _time.GetTimestamp();
                var minInterval = ToTicks(Max(_roundTripTime ?? UnknownRoundTripTime, MinRetransmitInterval));
                for (var i = 0; i < allowed && !_disposed; i++)
                {
                    Retransmit(_nacked[i], now, minInterval);
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
    private bool TryAdmitTransportFeedback(int statusCount)
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

    private RtcpEvents OnReportBlock(ReportBlock block, uint arrivalNtpMiddle)
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

    private void Retransmit(ushort sequence, long now, long minInterval)
    {
        var lookup = _history.Find(sequence, now, minInterval, out var original);
        if (lookup == RetransmissionLookup.TooSoon)
        {
            _retransmissionsRepeated++;
            return;
        }

        if (lookup != RetransmissionLookup.Found || !RtpHeader.TryParse(original, out var header))
        {
            return;
        }

        var rtx = Options.RtxSsrc.HasValue;
        if (!_retransmissionBudget.TryRetransmit(original.Length + (rtx ? RtxHeaderExtra : 0) + _outbound.RtpOverhead, now))
        {
            _retransmissionsOverBudget++;
            return;
        }

        _history.MarkRetransmitted(sequence, now);
        var payload = original.Slice(header.HeaderLength, header.PayloadLength);
        var packet = _scratch.AsSpan();
        int length;
        if (Options.RtxSsrc is { } rtxSsrc && Options.RtxPayloadType is { } rtxPayloadType)
        {
            // RFC 4588: own SSRC and sequence, the original sequence number (OSN) first in the payload.
            var headerLength = WriteHeader(packet, header.Marker, rtxPayloadType, _rtxSequence++, header.Timestamp, rtxSsrc, now);
            BinaryPrimitives.WriteUInt16BigEndian(packet[headerLength..], sequence);
            payload.CopyTo(packet[(headerLength + 2)..]);
            length = headerLength + 2 + payload.Length;
        }
        else
        {
            var headerLength = WriteHeader(packet, header.Marker, header.PayloadType, sequence, header.Timestamp, header.Ssrc, now);
            payload.CopyTo(packet[headerLength..]);
            length = headerLength + payload.Length;
        }

        _retransmittedBytes += SendRtp(packet[..length]);
        _retransmitted++;
    }

    private int WriteHeader(Span<byte> packet, bool marker, byte payloadType, ushort sequence, uint timestamp, uint ssrc, long now)
    {
        var options = Options;
        var hasExtensions = options.AbsSendTimeExtensionId != 0 || options.TransportWideCcExtensionId != 0 || options.PlayoutDelayExtensionId != 0;
        var offset = RtpHeaderWriter.WriteFixed(packet, marker, payloadType, sequence, timestamp, ssrc, hasExtensions);
        if (!hasExtensions)
        {
            return offset;
        }

        var blockStart = RtpHeaderWriter.BeginExtensions(packet, offset, twoByte: false);
        offset = blockStart;
        Span<byte> value = stackalloc byte[3];
        if (options.AbsSendTimeExtensionId != 0)
        {
            AbsSendTime.Write(value, AbsSendTime.FromTimestamp(now, _time.TimestampFrequency));
            offset = RtpHeaderWriter.AddElement(packet, offset, false, options.AbsSendTimeExtensionId, value);
        }

        if (options.TransportWideCcExtensionId != 0)
        {
            var transportSequence = _transportSequence++;
            TransportWideSequence.Write(value, transportSequence);
            offset = RtpHeaderWriter.AddElement(packet, offset, false, options.TransportWideCcExtensionId, value[..2]);
            _pendingTransportSequence = transportSequence;
            _hasPendingTransportSequence = true;
        }

        if (options.PlayoutDelayExtensionId != 0)
        {
            PlayoutDelay.Write(value, _playoutMinUnits, _playoutMaxUnits);
            offset = RtpHeaderWriter.AddElement(packet, offset, false, options.PlayoutDelayExtensionId, value);
        }

        return RtpHeaderWriter.EndExtensions(packet, blockStart, offset);
    }

    /// <summary>Protects and sends an RTP packet; returns the bytes sent (0 if it could not be protected).</summary>
    private int SendRtp(ReadOnlySpan<byte> packet)
    {
        if (_outbound.ProtectRtp(packet, _sendBuffer, out var written) != SrtpStatus.Ok)
        {
            return 0;
        }

        if (_hasPendingTransportSequence)
        {
            _estimator.OnPacketSent(_pendingTransportSequence, NowMicroseconds(), written);
            _feedbackBudget.Add(FeedbackStatusesPerPacketSent);
            _hasPendingTransportSequence = false;
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
