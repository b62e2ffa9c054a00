using System.Buffers.Binary;
using WlWebRtc.Rtp.Packets;
using WlWebRtc.Rtp.Rtcp;
using WlWebRtc.Rtp.Sending;
using WlWebRtc.Rtp.Srtp;
using WlWebRtc.Rtp.Tests.H264;
using Xunit.Abstractions;

namespace WlWebRtc.Rtp.Tests.Sending;

/// <summary>A hostile (but authenticated) viewer's RTCP: what it can make the sender do stays bounded.</summary>
public sealed class RtpVideoSenderLimitsTests(ITestOutputHelper output)
{
    private const uint Ssrc = SenderHarness.Ssrc;
    private const uint RtxSsrc = SenderHarness.RtxSsrc;
    private static readonly TimeSpan FrameInterval = TimeSpan.FromMilliseconds(33);

    [Fact]
    public void ReceiveRtcp_NackFloodForTheWholeHistory_RetransmittedBytesStayWithinTheBudget()
    {
        using var harness = new SenderHarness(SrtpProfile.AesCm128HmacSha1Tag80, rtx: true);
        var wire = new WireTally();
        var frame = H264PacketPlanTests.AnnexB(H264PacketPlanTests.Nal(0x41, 12_000, 7));

        // One second of media (about 2.9 Mbit/s) so the history is full, then two seconds of 1,000 NACKs a
        // second, each naming 272 packets of the history, while the media goes on.
        var since = TimeSpan.Zero;
        for (var ms = 0; ms < 1000; ms++)
        {
            SendMediaIfDue(harness, frame, ref since);
            harness.Time.Advance(TimeSpan.FromMilliseconds(1));
            wire.Collect(harness.Sink);
        }

        var nackDatagrams = 0;
        var nackBytes = 0L;
        var announced = 0;
        for (var ms = 0; ms < 2000; ms++)
        {
            SendMediaIfDue(harness, frame, ref since);
            var history = wire.MediaSequences;
            var fci = new byte[16 * 4];
            for (var i = 0; i < 16; i++)
            {
                var pid = history[((ms * 16) + i) * 17 % history.Count];
                BinaryPrimitives.WriteUInt16BigEndian(fci.AsSpan(i * 4), pid);
                BinaryPrimitives.WriteUInt16BigEndian(fci.AsSpan((i * 4) + 2), 0xFFFF);
            }

            var nack = Hex.Bytes($"81cd{2 + 16:x4} 00000001 {Ssrc:x8}").Concat(fci).ToArray();
            harness.SendRtcp(nack);
            nackDatagrams++;
            nackBytes += nack.Length + harness.ViewerSend.RtcpOverhead;
            announced += 16 * 17;
            harness.Time.Advance(TimeSpan.FromMilliseconds(1));
            wire.Collect(harness.Sink);
        }

        var stats = harness.Sender.GetStatistics();
        var options = harness.Sender.Options;
        var budget = (options.RetransmissionBudgetFraction * wire.MediaBytes) + (3 * options.RetransmissionBurstBytes);
        output.WriteLine(
            $"media {wire.MediaBytes} B, retransmitted {wire.RetransmittedBytes} B (budget {budget:F0} B) for {nackDatagrams} NACKs ({nackBytes} B): " +
            $"amplification {(double)wire.RetransmittedBytes / nackBytes:F2}x; over budget {stats.RetransmissionsOverBudget}, repeats {stats.RetransmissionsRepeated}, NACKed sequences dropped {stats.NackedSequencesDropped} of {announced}");
        Assert.True(wire.RetransmittedBytes > 0, "the flood got nothing at all: the budget should still allow some recovery");
        Assert.True(wire.RetransmittedBytes <= budget, $"retransmitted {wire.RetransmittedBytes} B, budget {budget:F0} B");
        Assert.Equal(wire.RetransmittedBytes, stats.BytesRetransmitted);
        Assert.True(stats.RetransmissionsOverBudget > 0);

        // Lookups are budgeted too: 1,000 at once, then 2,000 a second plus one per media packet sent.
        var lookedUp = announced - stats.NackedSequencesDropped;
        var lookupBound = 1000 + (2000 * 2) + wire.MediaSequences.Count;
        Assert.True(lookedUp <= lookupBound, $"{lookedUp} NACKed sequence numbers looked up, bound {lookupBound}");
    }

    [Fact]
    public void ReceiveRtcp_OneNackNamingMoreThanTheCap_RetransmitsAtMostTheCap()
    {
        // An estimate high enough that the retransmission budget (a share of it) is not what limits.
        using var harness = new SenderHarness(SrtpProfile.AeadAes128Gcm, rtx: true, o => o with { StartBitrateBitsPerSecond = 20_000_000 });
        harness.Sender.SendFrame(H264PacketPlanTests.AnnexB(H264PacketPlanTests.Nal(0x41, 1_000_000, 3)), 1);
        var wire = new WireTally();
        wire.Collect(harness.Sink);
        var first = wire.MediaSequences[0];

        // 40 FCI entries with every BLP bit set: 680 packets named in one NACK.
        var fci = string.Concat(Enumerable.Range(0, 40).Select(i => $"{(ushort)(first + (i * 17)):x4}ffff"));
        harness.SendRtcp($"81cd{2 + 40:x4} 00000001 {Ssrc:x8} " + fci);

        var stats = harness.Sender.GetStatistics();
        Assert.InRange(stats.PacketsRetransmitted, 200, FeedbackPackets.MaxNackedPerPacket);
        Assert.Equal(680 - stats.PacketsRetransmitted, stats.NackedSequencesDropped);
    }

    [Fact]
    public void ReceiveRtcp_SameNackWithinTheMinimumInterval_ResentOnlyOnce()
    {
        using var harness = new SenderHarness(SrtpProfile.AesCm128HmacSha1Tag80, rtx: true);
        harness.Sender.SendFrame(H264PacketPlanTests.AnnexB(H264PacketPlanTests.Nal(0x41, 300, 1)), 1);
        var wire = new WireTally();
        wire.Collect(harness.Sink);
        var lost = wire.MediaSequences[0];

        // The viewer claims a zero round-trip time (LSR = now, DLSR = 0) to get every NACK answered.
        var lsr = RtcpWriter.Middle32(RtcpWriter.ToNtp(harness.Time.GetUtcNow()));
        harness.SendRtcp($"81c90007 00000001 {Ssrc:x8} 00000000 00000000 00000000 {lsr:x8} 00000000");
        Assert.Equal(TimeSpan.Zero, harness.Sender.GetStatistics().RoundTripTime);
        var nack = $"81cd0003 00000001 {Ssrc:x8} {lost:x4}0000";
        for (var ms = 0; ms < 10; ms++)
        {
            harness.SendRtcp(nack);
            harness.Time.Advance(TimeSpan.FromMilliseconds(1));
        }

        Assert.Equal(1, harness.Sender.GetStatistics().PacketsRetransmitted);
        Assert.Equal(9, harness.Sender.GetStatistics().RetransmissionsRepeated);
        harness.Time.Advance(TimeSpan.FromMilliseconds(5));
        harness.SendRtcp(nack);
        Assert.Equal(2, harness.Sender.GetStatistics().PacketsRetransmitted);
    }

    [Fact]
    public void ReceiveRtcp_SingleLossAtALowMediaRate_StillRetransmitted()
    {
        using var harness = new SenderHarness(SrtpProfile.AesCm128HmacSha1Tag80, rtx: true);
        var wire = new WireTally();
        for (var i = 0; i < 30; i++)
        {
            harness.Sender.SendFrame(H264PacketPlanTests.AnnexB(H264PacketPlanTests.Nal(0x41, 200, 1)), i);
            harness.Time.Advance(FrameInterval);
        }

        wire.Collect(harness.Sink);

        harness.SendRtcp($"81cd0003 00000001 {Ssrc:x8} {wire.MediaSequences[^1]:x4}0000");

        wire.Collect(harness.Sink);
        Assert.Equal(1, harness.Sender.GetStatistics().PacketsRetransmitted);
        Assert.True(wire.RetransmittedBytes > 200);
    }

    [Fact]
    public void ReceiveRtcp_TransportFeedbackFlood_StatusesProcessedBoundedByWhatWasSent()
    {
        using var harness = new SenderHarness(SrtpProfile.AesCm128HmacSha1Tag80, rtx: false);
        var frame = H264PacketPlanTests.AnnexB(H264PacketPlanTests.Nal(0x41, 12_000, 7));
        var since = TimeSpan.Zero;

        // 8,192 "not received" statuses in 4 bytes of chunks, 1,000 times a second for 2 s.
        var feedback = $"8fcd0005 00000001 {Ssrc:x8} 00002000 00000100 1fff0001";
        for (var ms = 0; ms < 2000; ms++)
        {
            SendMediaIfDue(harness, frame, ref since);
            harness.SendRtcp(feedback);
            harness.Time.Advance(TimeSpan.FromMilliseconds(1));
        }

        var stats = harness.Sender.GetStatistics();
        var processed = harness.Sender.TransportFeedbackStatusesProcessed;
        var bound = TransportFeedback.MaxStatusCount + (2 * stats.PacketsSent) + (500 * 2);
        output.WriteLine($"{processed} statuses processed for {stats.PacketsSent} packets sent; {stats.TransportFeedbackDropped} of 2000 feedback messages dropped");
        Assert.True(processed <= bound, $"{processed} statuses processed, bound {bound}");
        Assert.True(processed > 0);
        Assert.True(stats.TransportFeedbackDropped > 1900);
    }

    [Fact]
    public void ReceiveRtcp_PliStorm_OneKeyframeRequestPerInterval()
    {
        using var harness = new SenderHarness(SrtpProfile.AesCm128HmacSha1Tag80, rtx: false);
        var surfaced = 0;
        for (var i = 0; i < 50; i++)
        {
            if (harness.SendRtcp($"81ce0002 00000001 {Ssrc:x8}").HasFlag(RtcpEvents.KeyframeRequested))
            {
                surfaced++;
            }

            harness.Time.Advance(TimeSpan.FromMilliseconds(1));
        }

        Assert.Equal(1, surfaced);
        var stats = harness.Sender.GetStatistics();
        Assert.Equal(50, stats.KeyframeRequestsReceived);
        Assert.Equal(49, stats.KeyframeRequestsSuppressed);

        harness.Time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.True(harness.SendRtcp($"81ce0002 00000001 {Ssrc:x8}").HasFlag(RtcpEvents.KeyframeRequested));
    }

    [Fact]
    public void ReceiveRtcp_FirWithTheSameSequenceNumber_IsARepeatNotANewRequest()
    {
        using var harness = new SenderHarness(SrtpProfile.AesCm128HmacSha1Tag80, rtx: false);
        var fir1 = $"84ce0004 00000001 00000000 {Ssrc:x8} 01000000";
        var fir2 = $"84ce0004 00000001 00000000 {Ssrc:x8} 02000000";

        Assert.True(harness.SendRtcp(fir1).HasFlag(RtcpEvents.KeyframeRequested));
        harness.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.False(harness.SendRtcp(fir1).HasFlag(RtcpEvents.KeyframeRequested));
        Assert.True(harness.SendRtcp(fir2).HasFlag(RtcpEvents.KeyframeRequested));

        // Another sender SSRC has its own sequence numbers.
        harness.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.True(harness.SendRtcp($"84ce0004 00000002 00000000 {Ssrc:x8} 01000000").HasFlag(RtcpEvents.KeyframeRequested));
        Assert.Equal(1, harness.Sender.GetStatistics().KeyframeRequestsSuppressed);
    }

    [Fact]
    public void ReceiveRtcp_AuthenticRtcpFromMoreSsrcsThanTheCap_ExcessDroppedAndCounted()
    {
        using var harness = new SenderHarness(SrtpProfile.AeadAes128Gcm, rtx: false);
        var dropped = 0;
        for (uint reporter = 1; reporter <= SrtpSession.DefaultMaxRemoteSsrcs + 4; reporter++)
        {
            var events = harness.SendRtcp($"81c90007 {reporter:x8} {Ssrc:x8} 00000000 00000000 00000000 00000000 00000000");
            if (events == RtcpEvents.Dropped)
            {
                dropped++;
            }
        }

        var stats = harness.Sender.GetStatistics();
        Assert.Equal(4, dropped);
        Assert.Equal(4, stats.RtcpFromExcessSsrcsDropped);
        Assert.Equal(0, stats.MalformedPacketsDropped);
    }

    private static void SendMediaIfDue(SenderHarness harness, byte[] frame, ref TimeSpan since)
    {
        since += TimeSpan.FromMilliseconds(1);
        if (since >= FrameInterval)
        {
            harness.Sender.SendFrame(frame, harness.Time.GetTimestamp());
            since = TimeSpan.Zero;
        }
    }

    /// <summary>Sorts what went on the wire: media (first transmissions) and retransmissions (RTX SSRC).</summary>
    private sealed class WireTally
    {
        public List<ushort> MediaSequences { get; } = [];

        public long MediaBytes { get; private set; }

        public long RetransmittedBytes { get; private set; }

        public void Collect(CapturingSink sink)
        {
            foreach (var datagram in sink.Datagrams)
            {
                if (RtpPacketClassifier.IsRtcp(datagram) || !RtpHeader.TryParse(datagram, out var header, readPadding: false))
                {
                    continue;
                }

                if (header.Ssrc == RtxSsrc)
                {
                    RetransmittedBytes += datagram.Length;
                }
                else
                {
                    MediaBytes += datagram.Length;
                    MediaSequences.Add(header.SequenceNumber);
                }
            }

            sink.Datagrams.Clear();
        }
    }
}
