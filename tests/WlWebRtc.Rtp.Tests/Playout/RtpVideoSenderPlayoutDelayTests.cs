using WlWebRtc.Rtp.Packets;
using WlWebRtc.Rtp.Playout;
using WlWebRtc.Rtp.Sending;
using WlWebRtc.Rtp.Srtp;
using WlWebRtc.Rtp.Tests.H264;
using WlWebRtc.Rtp.Tests.Sending;

namespace WlWebRtc.Rtp.Tests.Playout;

/// <summary>
/// The playout-delay extension each frame carries follows the viewer's loss: 0 on a clean link; one retransmission
/// round once a loss window (receiver reports here) shows loss; 0 again after the hold; retransmissions go out twice
/// at high loss.
/// </summary>
public sealed class RtpVideoSenderPlayoutDelayTests
{
    private const uint FirstHighest = 0x1000;
    private const byte PlayoutDelayId = 4;

    [Fact]
    public void SendFrame_CleanLink_PlayoutDelayZero()
    {
        using var harness = Adaptive();
        Report(harness, 0, FirstHighest);
        Report(harness, 0, FirstHighest + 200);

        Assert.Equal((0, 0), SendFrameAndReadPlayoutDelay(harness));
        Assert.Equal(TimeSpan.Zero, harness.Sender.GetStatistics().PlayoutDelayMin);
    }

    [Fact]
    public void SendFrame_LossWindowAtFivePercent_AsksForOneRetransmissionRound()
    {
        using var harness = Adaptive();
        Report(harness, 0, FirstHighest);
        Report(harness, 10, FirstHighest + 200);

        // No round-trip time measured (no sender report answered): the assumed 60 ms plus the 40 ms margin.
        Assert.Equal((10, 10), SendFrameAndReadPlayoutDelay(harness));
        Assert.Equal(TimeSpan.FromMilliseconds(100), harness.Sender.GetStatistics().PlayoutDelayMin);
        Assert.Equal(1, harness.Sender.GetStatistics().PlayoutDelaySwitches);
    }

    [Fact]
    public void SendFrame_LossGoneForTheHold_PlayoutDelayBackToZero()
    {
        using var harness = Adaptive();
        Report(harness, 0, FirstHighest);
        Report(harness, 10, FirstHighest + 200);
        SendFrameAndReadPlayoutDelay(harness);

        harness.Time.Advance(LossAdaptivePlayoutDelay.Hold);
        Report(harness, 10, FirstHighest + 400);

        Assert.Equal((0, 0), SendFrameAndReadPlayoutDelay(harness));
    }

    [Fact]
    public void SendFrame_AdaptiveOff_StaysZeroUnderLoss()
    {
        using var harness = new SenderHarness(SrtpProfile.AesCm128HmacSha1Tag80, rtx: true);
        Report(harness, 0, FirstHighest);
        Report(harness, 10, FirstHighest + 200);

        Assert.Equal((0, 0), SendFrameAndReadPlayoutDelay(harness));
    }

    [Fact]
    public void ReceiveRtcp_NackAtFivePercentLoss_RetransmissionSentTwice()
    {
        using var harness = Adaptive();
        Report(harness, 0, FirstHighest);
        Report(harness, 10, FirstHighest + 200);
        harness.Sender.SendFrame(H264PacketPlanTests.AnnexB(H264PacketPlanTests.Nal(0x65, 3000, 1)), 1);
        var first = harness.UnprotectedRtp()[0];
        Assert.True(RtpHeader.TryParse(first, out var header));

        harness.SendRtcp(Nack(header.SequenceNumber));

        var resent = harness.UnprotectedRtp();
        Assert.Equal(2, resent.Count);
        Assert.All(resent, p => Assert.True(RtpHeader.TryParse(p, out var h) && h.Ssrc == SenderHarness.RtxSsrc));
        Assert.Equal(1, harness.Sender.GetStatistics().DuplicateRetransmissions);
    }

    [Fact]
    public void ReceiveRtcp_NackOnCleanLink_RetransmissionSentOnce()
    {
        using var harness = Adaptive();
        harness.Sender.SendFrame(H264PacketPlanTests.AnnexB(H264PacketPlanTests.Nal(0x65, 3000, 1)), 1);
        var first = harness.UnprotectedRtp()[0];
        Assert.True(RtpHeader.TryParse(first, out var header));

        harness.SendRtcp(Nack(header.SequenceNumber));

        Assert.Single(harness.UnprotectedRtp());
        Assert.Equal(0, harness.Sender.GetStatistics().DuplicateRetransmissions);
    }

    private static SenderHarness Adaptive() =>
        new(SrtpProfile.AesCm128HmacSha1Tag80, rtx: true, o => o with { PlayoutDelayAdaptive = true, RetransmitTwiceLoss = 0.03 });

    /// <summary>A receiver report about our SSRC: cumulative loss and highest sequence (a window closes at 200 packets).</summary>
    private static void Report(SenderHarness harness, int cumulativeLost, uint highest) =>
        harness.SendRtcp($"81c90007 00000001 {SenderHarness.Ssrc:x8} 00{cumulativeLost:x6} {highest:x8} 00000000 00000000 00000000");

    private static string Nack(ushort sequence) => $"81cd0003 00000001 {SenderHarness.Ssrc:x8} {sequence:x4}0000";

    /// <summary>Sends a frame and returns the playout delay (min, max, 10 ms units) its first packet carries.</summary>
    private static (int Min, int Max) SendFrameAndReadPlayoutDelay(SenderHarness harness)
    {
        harness.Sender.SendFrame(H264PacketPlanTests.AnnexB(H264PacketPlanTests.Nal(0x41, 500, 1)), harness.Time.GetTimestamp());
        var packet = harness.UnprotectedRtp()[0];
        Assert.True(RtpHeader.TryParse(packet, out var header));
        Assert.True(header.TryGetExtension(packet, PlayoutDelayId, out var value));
        Assert.True(PlayoutDelay.TryRead(value, out var min, out var max));
        return (min, max);
    }
}
