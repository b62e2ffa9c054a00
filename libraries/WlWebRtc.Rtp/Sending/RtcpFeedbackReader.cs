using System.Buffers.Binary;
using WlWebRtc.Rtp.Rtcp;

namespace WlWebRtc.Rtp.Sending;

/// <summary>
/// Reads the viewer's compound RTCP (already unprotected) for one media SSRC: report blocks, REMB and the
/// admission of transport-wide-cc go to the <see cref="IRtcpFeedbackTarget"/> as they come; NACKed sequence
/// numbers, transport-wide-cc statuses and keyframe requests are collected for the caller to act on once the
/// whole compound is read. Bounds what one datagram can ask: at most <see cref="FeedbackPackets.MaxNackedPerPacket"/>
/// sequence numbers, and a FIR repeating its sequence number is not a new request. Used under the sender's
/// receive lock; the counters may be read from any thread.
/// </summary>
internal sealed class RtcpFeedbackReader
{
    private readonly uint _ssrc;
    private readonly IRtcpFeedbackTarget _target;
    private readonly List<ushort> _nacked = [];
    private readonly List<PacketFeedback> _feedback = [];
    private readonly FirSequenceTracker _firSequences = new();
    private long _nacksReceived;
    private long _nackedSequencesIgnored;
    private long _feedbackRefused;
    private long _keyframeRequestsReceived;
    private long _firRepeats;

    public RtcpFeedbackReader(uint ssrc, IRtcpFeedbackTarget target)
    {
        _ssrc = ssrc;
        _target = target;
    }

    /// <summary>The sequence numbers NACKed in the compound read last.</summary>
    public IReadOnlyList<ushort> Nacked => _nacked;

    /// <summary>The transport-wide-cc statuses of the compound read last.</summary>
    public IReadOnlyList<PacketFeedback> TransportFeedback => _feedback;

    /// <summary>PLIs and new FIRs for our SSRC in the compound read last.</summary>
    public int KeyframeRequests { get; private set; }

    public long NacksReceived => Interlocked.Read(ref _nacksReceived);

    /// <summary>NACKed sequence numbers beyond the per-datagram bound.</summary>
    public long NackedSequencesIgnored => Interlocked.Read(ref _nackedSequencesIgnored);

    /// <summary>Transport-wide-cc messages the target did not admit.</summary>
    public long TransportFeedbackRefused => Interlocked.Read(ref _feedbackRefused);

    public long KeyframeRequestsReceived => Interlocked.Read(ref _keyframeRequestsReceived);

    /// <summary>FIRs that repeated a sequence number already seen (a retransmitted request, not a new one).</summary>
    public long FirRepeats => Interlocked.Read(ref _firRepeats);

    /// <summary>Reads one compound packet; returns the events it raised so far (more follow from what the caller does
    /// with the collected requests).</summary>
    public RtcpEvents Read(ReadOnlySpan<byte> compound, uint arrivalNtpMiddle)
    {
        var events = RtcpEvents.None;
        KeyframeRequests = 0;
        _nacked.Clear();
        _feedback.Clear();
        Span<ReportBlock> blocks = stackalloc ReportBlock[31];
        Span<uint> rembSsrcs = stackalloc uint[16];
        var enumerator = new RtcpCompoundEnumerator(compound);
        while (enumerator.MoveNext())
        {
            var packet = enumerator.Current;
            switch (enumerator.PacketType)
            {
                case RtcpPacketType.SenderReport or RtcpPacketType.ReceiverReport:
                    events |= ReadReports(packet, enumerator.PacketType, enumerator.CountOrFormat, blocks, arrivalNtpMiddle);
                    break;
                case RtcpPacketType.Goodbye:
                    events |= RtcpEvents.Bye;
                    break;
                case RtcpPacketType.TransportFeedback when enumerator.CountOrFormat == RtcpPacketType.GenericNackFormat:
                    events |= ReadNack(packet);
                    break;
                case RtcpPacketType.TransportFeedback when enumerator.CountOrFormat == RtcpPacketType.TransportWideCcFormat:
                    if (!_target.TryAdmitTransportFeedback(Rtcp.TransportFeedback.ReadStatusCount(packet)))
                    {
                        Interlocked.Increment(ref _feedbackRefused);
                    }
                    else if (!Rtcp.TransportFeedback.TryRead(packet, out _, out _, _feedback))
                    {
                        events |= RtcpEvents.Dropped;
                    }

                    break;
                case RtcpPacketType.PayloadFeedback when enumerator.CountOrFormat == RtcpPacketType.PliFormat:
                    if (FeedbackPackets.TryReadMediaSsrc(packet, out _, out var pliSsrc) && pliSsrc == _ssrc)
                    {
                        Interlocked.Increment(ref _keyframeRequestsReceived);
                        KeyframeRequests++;
                    }

                    break;
                case RtcpPacketType.PayloadFeedback when enumerator.CountOrFormat == RtcpPacketType.FirFormat:
                    ReadFir(packet);
                    break;
                case RtcpPacketType.PayloadFeedback when enumerator.CountOrFormat == RtcpPacketType.ApplicationLayerFeedbackFormat:
                    if (FeedbackPackets.TryReadRemb(packet, out var remb, rembSsrcs, out _))
                    {
                        events |= _target.OnRemb(remb);
                    }

                    break;
            }
        }

        if (enumerator.IsMalformed)
        {
            events |= RtcpEvents.Dropped;
        }

        return events;
    }

    private RtcpEvents ReadReports(ReadOnlySpan<byte> packet, byte packetType, int count, Span<ReportBlock> blocks, uint arrivalNtpMiddle)
    {
        if (!ReportPackets.TryRead(packet, packetType, count, out _, blocks, out var blockCount))
        {
            return RtcpEvents.Dropped;
        }

        var events = RtcpEvents.None;
        for (var i = 0; i < blockCount; i++)
        {
            if (blocks[i].Ssrc == _ssrc)
            {
                events |= _target.OnReportBlock(blocks[i], arrivalNtpMiddle);
            }
        }

        return events;
    }

    private RtcpEvents ReadNack(ReadOnlySpan<byte> packet)
    {
        var nackStart = _nacked.Count;
        var room = Math.Max(0, FeedbackPackets.MaxNackedPerPacket - nackStart);
        if (!FeedbackPackets.TryReadNack(packet, out var nackSsrc, _nacked, room, out var ignored))
        {
            return RtcpEvents.Dropped;
        }

        if (nackSsrc != _ssrc)
        {
            _nacked.RemoveRange(nackStart, _nacked.Count - nackStart);
            return RtcpEvents.None;
        }

        Interlocked.Increment(ref _nacksReceived);
        Interlocked.Add(ref _nackedSequencesIgnored, ignored);
        return RtcpEvents.Nack;
    }

    private void ReadFir(ReadOnlySpan<byte> packet)
    {
        if (!FeedbackPackets.TryReadFir(packet, _ssrc, out var firSequence))
        {
            return;
        }

        Interlocked.Increment(ref _keyframeRequestsReceived);
        if (_firSequences.IsRepeat(BinaryPrimitives.ReadUInt32BigEndian(packet[4..]), firSequence))
        {
            Interlocked.Increment(ref _firRepeats);
        }
        else
        {
            KeyframeRequests++;
        }
    }
}
