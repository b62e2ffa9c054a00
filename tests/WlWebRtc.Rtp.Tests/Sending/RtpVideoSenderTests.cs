using System.Buffers.Binary;
using WlWebRtc.Rtp.H264;
using WlWebRtc.Rtp.Packets;
using WlWebRtc.Rtp.Sending;
using WlWebRtc.Rtp.Srtp;
using WlWebRtc.Rtp.Tests.H264;

namespace WlWebRtc.Rtp.Tests.Sending;

public sealed class RtpVideoSenderTests
{
    private const uint Ssrc = SenderHarness.Ssrc;
    private const uint RtxSsrc = SenderHarness.RtxSsrc;

    [Theory]
    [InlineData(SrtpProfile.AesCm128HmacSha1Tag80)]
    [InlineData(SrtpProfile.AeadAes128Gcm)]
    public void SendFrame_Keyframe_ViewerDecryptsAndRebuildsTheFrame(SrtpProfile profile)
    {
        using var harness = new SenderHarness(profile, rtx: false);
        var frame = H264PacketPlanTests.Keyframe(6000);

        var count = harness.Sender.SendFrame(frame, captureTimestamp: 123_456_789);

        var packets = harness.UnprotectedRtp();
        Assert.Equal(count, packets.Count);
        var depacketizer = new H264Depacketizer();
        ushort? lastTransport = null;
        for (var i = 0; i < packets.Count; i++)
        {
            Assert.True(RtpHeader.TryParse(packets[i], out var header));
            Assert.Equal(Ssrc, header.Ssrc);
            Assert.Equal(108, header.PayloadType);
            Assert.Equal(i == packets.Count - 1, header.Marker);
            Assert.True(header.TryGetExtension(packets[i], 4, out var delay));
            Assert.Equal(new byte[3], delay.ToArray());
            Assert.True(header.TryGetExtension(packets[i], 2, out var abs));
            Assert.Equal(3, abs.Length);
            Assert.True(header.TryGetExtension(packets[i], 3, out var twcc));
            var transport = BinaryPrimitives.ReadUInt16BigEndian(twcc);
            if (lastTransport is { } previous)
            {
                Assert.Equal((ushort)(previous + 1), transport);
            }

            lastTransport = transport;
            Assert.True(depacketizer.Push(packets[i].AsSpan(header.HeaderLength, header.PayloadLength)));
        }

        var rebuilt = depacketizer.EndFrame();
        Assert.NotNull(rebuilt);
        var expected = new List<byte>();
        foreach (var nal in new[] { H264PacketPlanTests.Nal(0x67, 20, 0x20), H264PacketPlanTests.Nal(0x68, 6, 0x30), H264PacketPlanTests.Nal(0x06, 30, 0x40), H264PacketPlanTests.Nal(0x65, 6000, 0x50), H264PacketPlanTests.Nal(0x65, 3000, 0x60) })
        {
            expected.AddRange([0, 0, 0, 1]);
            expected.AddRange(nal);
        }

        Assert.Equal(expected.ToArray(), rebuilt);
        Assert.Equal(1, harness.Sender.GetStatistics().FramesSent);
    }

    [Fact]
    public void SendFrame_TwoFrames_TimestampsFollowCaptureTimeAt90kHz()
    {
        using var harness = new SenderHarness(SrtpProfile.AesCm128HmacSha1Tag80, rtx: false);
        var frame = H264PacketPlanTests.AnnexB(H264PacketPlanTests.Nal(0x41, 100, 1));
        var start = System.Diagnostics.Stopwatch.Frequency * 1000;

        harness.Sender.SendFrame(frame, start);
        harness.Sender.SendFrame(frame, start + (System.Diagnostics.Stopwatch.Frequency / 50));

        var packets = harness.UnprotectedRtp();
        Assert.True(RtpHeader.TryParse(packets[0], out var first));
        Assert.True(RtpHeader.TryParse(packets[1], out var second));
        Assert.Equal(1800u, unchecked(second.Timestamp - first.Timestamp));
        Assert.Equal((ushort)(first.SequenceNumber + 1), second.SequenceNumber);
    }

    [Fact]
    public void ReceiveRtcp_NackWithRtx_RetransmitsOnRtxSsrcWithOriginalSequenceOnce()
    {
        using var harness = new SenderHarness(SrtpProfile.AesCm128HmacSha1Tag80, rtx: true);
        harness.Sender.SendFrame(H264PacketPlanTests.Keyframe(3000), 1);
        var sent = harness.UnprotectedRtp();
        Assert.True(RtpHeader.TryParse(sent[1], out var lostHeader));
        var nack = $"81cd0003 00000001 {Ssrc:x8} {lostHeader.SequenceNumber:x4}0000";

        var events = harness.SendRtcp(nack);
        var again = harness.SendRtcp(nack);

        Assert.True(events.HasFlag(RtcpEvents.Nack));
        Assert.True(again.HasFlag(RtcpEvents.Nack));
        var retransmitted = harness.UnprotectedRtp();
        Assert.Single(retransmitted);
        Assert.True(RtpHeader.TryParse(retransmitted[0], out var rtx));
        Assert.Equal(RtxSsrc, rtx.Ssrc);
        Assert.Equal(109, rtx.PayloadType);
        Assert.Equal(lostHeader.Timestamp, rtx.Timestamp);
        var rtxPayload = retransmitted[0].AsSpan(rtx.HeaderLength, rtx.PayloadLength);
        Assert.Equal(lostHeader.SequenceNumber, BinaryPrimitives.ReadUInt16BigEndian(rtxPayload));
        Assert.Equal(sent[1].AsSpan(lostHeader.HeaderLength, lostHeader.PayloadLength).ToArray(), rtxPayload[2..].ToArray());
        var stats = harness.Sender.GetStatistics();
        Assert.Equal(1, stats.PacketsRetransmitted);
        Assert.Equal(2, stats.NacksReceived);
    }

    [Fact]
    public void ReceiveRtcp_NackWithoutRtx_ResendsSamePacketOnMediaSsrc()
    {
        using var harness = new SenderHarness(SrtpProfile.AeadAes128Gcm, rtx: false);
        harness.Sender.SendFrame(H264PacketPlanTests.AnnexB(H264PacketPlanTests.Nal(0x41, 300, 1)), 1);

        // The original is "lost": the viewer never unprotects it (the RTP header travels in the clear).
        var lost = harness.Sink.Datagrams.First(d => !RtpPacketClassifier.IsRtcp(d));
        harness.Sink.Datagrams.Clear();
        Assert.True(RtpHeader.TryParse(lost, out var original, readPadding: false));

        harness.SendRtcp($"81cd0003 00000001 {Ssrc:x8} {original.SequenceNumber:x4}0000");

        var retransmitted = harness.UnprotectedRtp();
        Assert.Single(retransmitted);
        Assert.True(RtpHeader.TryParse(retransmitted[0], out var again));
        Assert.Equal(original.SequenceNumber, again.SequenceNumber);
        Assert.Equal(Ssrc, again.Ssrc);
    }

    [Fact]
    public void ReceiveRtcp_PliAndFir_RequestKeyframe()
    {
        using var harness = new SenderHarness(SrtpProfile.AesCm128HmacSha1Tag80, rtx: false);

        Assert.True(harness.SendRtcp($"81ce0002 00000001 {Ssrc:x8}").HasFlag(RtcpEvents.KeyframeRequested));
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(harness.SendRtcp($"84ce0004 00000001 00000000 {Ssrc:x8} 01000000").HasFlag(RtcpEvents.KeyframeRequested));
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(harness.SendRtcp("81ce0002 00000001 00000999").HasFlag(RtcpEvents.KeyframeRequested));
        Assert.Equal(2, harness.Sender.GetStatistics().KeyframeRequestsReceived);
    }

    [Fact]
    public void ReceiveRtcp_ReceiverReport_UpdatesLossAndJitter()
    {
        using var harness = new SenderHarness(SrtpProfile.AesCm128HmacSha1Tag80, rtx: false);

        var events = harness.SendRtcp($"81c90007 00000001 {Ssrc:x8} 40000010 00001234 00002328 00000000 00000000");

        Assert.True(events.HasFlag(RtcpEvents.ReceiverReport));
        var stats = harness.Sender.GetStatistics();
        Assert.Equal(0.25, stats.FractionLost);
        Assert.Equal(TimeSpan.FromMilliseconds(100), stats.Jitter);
    }

    [Fact]
    public void ReceiveRtcp_Remb_LowersEstimate()
    {
        using var harness = new SenderHarness(SrtpProfile.AesCm128HmacSha1Tag80, rtx: false, o => o with { StartBitrateBitsPerSecond = 8_000_000 });

        var events = harness.SendRtcp($"8fce0005 00000001 00000000 52454d42 010fd090 {Ssrc:x8}");

        Assert.True(events.HasFlag(RtcpEvents.BandwidthEstimateChanged));
        Assert.Equal(2_000_000, harness.Sender.EstimatedBitrateBitsPerSecond);
    }

    [Fact]
    public void ReceiveRtcp_ForgedOrGarbage_DroppedAndCounted()
    {
        using var harness = new SenderHarness(SrtpProfile.AesCm128HmacSha1Tag80, rtx: false);
        var garbage = new byte[40];
        garbage[0] = 0x80;
        garbage[1] = 201;

        Assert.Equal(RtcpEvents.Dropped, harness.Sender.ReceiveRtcp(garbage));
        Assert.Equal(RtcpEvents.Dropped, harness.Sender.ReceiveRtcp(new byte[3]));
        Assert.Equal(2, harness.Sender.GetStatistics().MalformedPacketsDropped);
    }

    [Fact]
    public void SendFrame_First_AlsoSendsSenderReportWithCname()
    {
        using var harness = new SenderHarness(SrtpProfile.AesCm128HmacSha1Tag80, rtx: false);

        harness.Sender.SendFrame(H264PacketPlanTests.AnnexB(H264PacketPlanTests.Nal(0x41, 100, 1)), 1);

        var rtcp = harness.Sink.Datagrams.Where(d => RtpPacketClassifier.IsRtcp(d)).ToList();
        Assert.Single(rtcp);
        var copy = rtcp[0].ToArray();
        Assert.Equal(SrtpStatus.Ok, harness.ViewerReceive.UnprotectRtcp(copy, out var length));
        Assert.Equal(200, copy[1]);
        Assert.Equal(202, copy[29]);
        Assert.Contains("wlwebrtc", System.Text.Encoding.ASCII.GetString(copy, 0, length), StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_InvalidOptions_ListsEveryError()
    {
        var options = new RtpVideoSenderOptions { Ssrc = 1, PayloadType = 200, RtxSsrc = 1, MaxPayloadSize = 10, AbsSendTimeExtensionId = 20 };

        var errors = options.Validate();

        Assert.Equal(5, errors.Count);
    }

    [Fact]
    public void SendFrame_SharedPlanAcrossViewers_SamePayloads()
    {
        using var a = new SenderHarness(SrtpProfile.AesCm128HmacSha1Tag80, rtx: false);
        using var b = new SenderHarness(SrtpProfile.AeadAes128Gcm, rtx: false);
        var frame = H264PacketPlanTests.Keyframe(4000);
        var plan = new H264PacketPlan();
        plan.Build(frame);

        a.Sender.SendFrame(frame, 5, plan);
        b.Sender.SendFrame(frame, 5, plan);

        var pa = a.UnprotectedRtp();
        var pb = b.UnprotectedRtp();
        Assert.Equal(plan.PacketCount, pa.Count);
        Assert.Equal(pa.Count, pb.Count);
        for (var i = 0; i < pa.Count; i++)
        {
            Assert.True(RtpHeader.TryParse(pa[i], out var ha));
            Assert.True(RtpHeader.TryParse(pb[i], out var hb));
            Assert.Equal(pa[i].AsSpan(ha.HeaderLength).ToArray(), pb[i].AsSpan(hb.HeaderLength).ToArray());
        }
    }
}
