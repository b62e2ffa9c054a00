using WlWebRtc.Rtp.Packets;
using WlWebRtc.Rtp.Sending;
using WlWebRtc.Rtp.Srtp;
using WlWebRtc.Rtp.Tests.H264;

namespace WlWebRtc.Rtp.Tests.Sending;

/// <summary>
/// A NACK the sender does not answer leaves a hole Chromium waits for: it asks again for a while, then waits for its
/// decode timeout (about 3 s) before it sends a PLI. So every NACK of a packet we sent that goes unanswered asks for a
/// keyframe at once (rate-limited like PLI); a NACK answered less than a round trip ago does not.
/// </summary>
public sealed class UnansweredNackTests
{
    private const uint Ssrc = SenderHarness.Ssrc;
    private const byte Red = 116;
    private const byte Ulpfec = 118;

    [Fact]
    public void ReceiveRtcp_NackOfKeptPacketRefusedByTheBudget_RequestsKeyframe()
    {
        using var harness = new SenderHarness(SrtpProfile.AesCm128HmacSha1Tag80, rtx: true, o => o with { RetransmissionBudgetFraction = 0, RetransmissionBurstBytes = 0 });
        var first = SendFrame(harness);
        harness.Time.Advance(TimeSpan.FromMilliseconds(50));

        var events = harness.SendRtcp($"81cd0003 00000001 {Ssrc:x8} {first:x4}0000");

        Assert.True(events.HasFlag(RtcpEvents.KeyframeRequested));
        var stats = harness.Sender.GetStatistics();
        Assert.Equal(1, stats.RetransmissionsOverBudget);
        Assert.Equal(0, stats.PacketsRetransmitted);
        Assert.Equal(0, stats.NacksForDiscardedPackets); // refused, not discarded
    }

    [Fact]
    public void ReceiveRtcp_NackOfFecPacketRefusedByTheBudget_RequestsKeyframe()
    {
        using var harness = new SenderHarness(SrtpProfile.AesCm128HmacSha1Tag80, rtx: true,
            o => o with { RedPayloadType = Red, UlpfecPayloadType = Ulpfec, FecProtection = 1, RetransmissionBudgetFraction = 0, RetransmissionBurstBytes = 0 });
        SendFrame(harness);
        Assert.True(RtpHeader.TryParse(harness.UnprotectedRtp()[^1], out var fec));
        harness.Time.Advance(TimeSpan.FromMilliseconds(50));

        var events = harness.SendRtcp($"81cd0003 00000001 {Ssrc:x8} {fec.SequenceNumber:x4}0000");

        Assert.True(events.HasFlag(RtcpEvents.KeyframeRequested));
        Assert.Empty(harness.UnprotectedRtp());
        Assert.Equal(0, harness.Sender.GetStatistics().EmptyRetransmissions);
    }

    [Fact]
    public void ReceiveRtcp_NackOfFecPacketWithoutRtx_RequestsKeyframe()
    {
        using var harness = new SenderHarness(SrtpProfile.AesCm128HmacSha1Tag80, rtx: false, o => o with { RedPayloadType = Red, UlpfecPayloadType = Ulpfec, FecProtection = 1 });
        SendFrame(harness);
        Assert.True(RtpHeader.TryParse(harness.UnprotectedRtp()[^1], out var fec));
        harness.Time.Advance(TimeSpan.FromMilliseconds(50));

        var events = harness.SendRtcp($"81cd0003 00000001 {Ssrc:x8} {fec.SequenceNumber:x4}0000");

        Assert.True(events.HasFlag(RtcpEvents.KeyframeRequested));
    }

    [Fact]
    public void ReceiveRtcp_NackRepeatedWithinTheRoundTrip_NoKeyframe()
    {
        using var harness = new SenderHarness(SrtpProfile.AesCm128HmacSha1Tag80, rtx: true);
        var first = SendFrame(harness);
        harness.Time.Advance(TimeSpan.FromMilliseconds(50));
        var nack = $"81cd0003 00000001 {Ssrc:x8} {first:x4}0000";
        Assert.False(harness.SendRtcp(nack).HasFlag(RtcpEvents.KeyframeRequested));

        // Again 5 ms later: the resend is still on its way (at least 10 ms between resends of one packet).
        harness.Time.Advance(TimeSpan.FromMilliseconds(5));
        var events = harness.SendRtcp(nack);

        Assert.False(events.HasFlag(RtcpEvents.KeyframeRequested));
        Assert.Equal(1, harness.Sender.GetStatistics().PacketsRetransmitted);
        Assert.Equal(1, harness.Sender.GetStatistics().RetransmissionsRepeated);
    }

    [Fact]
    public void ReceiveRtcp_NackedSequencesBeyondTheLookupBudget_RequestKeyframe()
    {
        using var harness = new SenderHarness(SrtpProfile.AesCm128HmacSha1Tag80, rtx: true);
        var first = SendFrame(harness);
        harness.Time.Advance(TimeSpan.FromMilliseconds(50));

        // Each NACK names 15 x 17 = 255 sequence numbers never sent (answered by nothing, no keyframe) until the
        // lookups of this instant (about 1,000) are spent: the rest go unlooked-up, unanswered.
        var requested = -1;
        for (var n = 0; n < 8 && requested < 0; n++)
        {
            var fci = string.Concat(Enumerable.Range(0, 15).Select(i => $"{(ushort)(first + 1000 + (n * 255) + (i * 17)):x4}ffff"));
            if (harness.SendRtcp($"81cd{2 + 15:x4} 00000001 {Ssrc:x8} " + fci).HasFlag(RtcpEvents.KeyframeRequested))
            {
                requested = n;
            }
        }

        Assert.InRange(requested, 3, 4);
        Assert.True(harness.Sender.GetStatistics().NackedSequencesDropped > 0);
    }

    /// <summary>Sends one small delta frame and returns its first sequence number.</summary>
    private static ushort SendFrame(SenderHarness harness)
    {
        harness.Sender.SendFrame(H264PacketPlanTests.AnnexB(H264PacketPlanTests.Nal(0x41, 300, 1)), 1);
        var first = harness.Sink.Datagrams.First(d => !RtpPacketClassifier.IsRtcp(d));
        Assert.True(RtpHeader.TryParse(first, out var header, readPadding: false));
        return header.SequenceNumber;
    }
}
