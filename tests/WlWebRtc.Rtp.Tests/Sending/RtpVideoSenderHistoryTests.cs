using WlWebRtc.Rtp.Packets;
using WlWebRtc.Rtp.Rtcp;
using WlWebRtc.Rtp.Sending;
using WlWebRtc.Rtp.Srtp;
using WlWebRtc.Rtp.Tests.H264;

namespace WlWebRtc.Rtp.Tests.Sending;

/// <summary>The retransmission history's reach (time, round-trip time) and what a NACK beyond it does.</summary>
public sealed class RtpVideoSenderHistoryTests
{
    private const uint Ssrc = SenderHarness.Ssrc;

    [Fact]
    public void ReceiveRtcp_NackForPacketNoLongerKept_RequestsKeyframe()
    {
        using var harness = new SenderHarness(SrtpProfile.AesCm128HmacSha1Tag80, rtx: true);
        var first = SendOneFrame(harness);
        harness.Time.Advance(TimeSpan.FromSeconds(2));

        var events = harness.SendRtcp($"81cd0003 00000001 {Ssrc:x8} {first:x4}0000");

        Assert.True(events.HasFlag(RtcpEvents.KeyframeRequested));
        var stats = harness.Sender.GetStatistics();
        Assert.Equal(1, stats.NacksForDiscardedPackets);
        Assert.Equal(0, stats.PacketsRetransmitted);
    }

    [Fact]
    public void ReceiveRtcp_NackForKeptPacket_RetransmitsWithoutKeyframe()
    {
        using var harness = new SenderHarness(SrtpProfile.AesCm128HmacSha1Tag80, rtx: true);
        var first = SendOneFrame(harness);
        harness.Time.Advance(TimeSpan.FromMilliseconds(200));

        var events = harness.SendRtcp($"81cd0003 00000001 {Ssrc:x8} {first:x4}0000");

        Assert.False(events.HasFlag(RtcpEvents.KeyframeRequested));
        Assert.Equal(1, harness.Sender.GetStatistics().PacketsRetransmitted);
    }

    [Fact]
    public void ReceiveRtcp_NackForSequenceNeverSent_NoKeyframe()
    {
        using var harness = new SenderHarness(SrtpProfile.AesCm128HmacSha1Tag80, rtx: true);
        var first = SendOneFrame(harness);

        var events = harness.SendRtcp($"81cd0003 00000001 {Ssrc:x8} {(ushort)(first + 1000):x4}0000");

        Assert.False(events.HasFlag(RtcpEvents.KeyframeRequested));
        Assert.Equal(0, harness.Sender.GetStatistics().NacksForDiscardedPackets);
    }

    [Fact]
    public void ReceiveRtcp_LongRoundTrip_HistoryKeepsThreeRoundTrips()
    {
        using var harness = new SenderHarness(SrtpProfile.AesCm128HmacSha1Tag80, rtx: true);
        harness.Time.Advance(TimeSpan.FromSeconds(5));
        var first = SendOneFrame(harness);

        // A receiver report whose LSR is one second old: RTT 1 s, so packets stay 3 s instead of the configured 1 s.
        var lsr = RtcpWriter.Middle32(RtcpWriter.ToNtp(harness.Time.GetUtcNow().AddSeconds(-1)));
        harness.SendRtcp($"81c90007 00000001 {Ssrc:x8} 00000000 00000000 00000000 {lsr:x8} 00000000");
        Assert.Equal(1, harness.Sender.GetStatistics().RoundTripTime?.TotalSeconds ?? 0, 2);
        harness.Time.Advance(TimeSpan.FromSeconds(2));

        var events = harness.SendRtcp($"81cd0003 00000001 {Ssrc:x8} {first:x4}0000");

        Assert.False(events.HasFlag(RtcpEvents.KeyframeRequested));
        Assert.Equal(1, harness.Sender.GetStatistics().PacketsRetransmitted);
    }

    private static ushort SendOneFrame(SenderHarness harness)
    {
        harness.Sender.SendFrame(H264PacketPlanTests.AnnexB(H264PacketPlanTests.Nal(0x41, 300, 1)), 1);
        var packets = harness.UnprotectedRtp();
        Assert.True(RtpHeader.TryParse(packets[0], out var header));
        return header.SequenceNumber;
    }
}
