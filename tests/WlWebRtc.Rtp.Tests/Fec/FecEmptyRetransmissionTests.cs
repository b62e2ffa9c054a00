using System.Buffers.Binary;
using WlWebRtc.Rtp.Packets;
using WlWebRtc.Rtp.Sending;
using WlWebRtc.Rtp.Srtp;
using WlWebRtc.Rtp.Tests.H264;
using WlWebRtc.Rtp.Tests.Sending;

namespace WlWebRtc.Rtp.Tests.Fec;

/// <summary>
/// A NACK for a FEC packet: FEC is not resent, but Chromium's H.264 receiver waits for every sequence number before
/// it assembles the next delta frame, so the sender answers with an empty retransmission that accounts for it.
/// </summary>
public sealed class FecEmptyRetransmissionTests
{
    private const byte Red = 116;
    private const byte Ulpfec = 118;

    [Fact]
    public void ReceiveRtcp_NackForFecPacketWithRtx_EmptyRtxCarryingItsSequenceNumber()
    {
        using var harness = new SenderHarness(SrtpProfile.AesCm128HmacSha1Tag80, rtx: true, o => o with { RedPayloadType = Red, UlpfecPayloadType = Ulpfec, FecProtection = 1 });
        harness.Sender.SendFrame(H264PacketPlanTests.AnnexB(H264PacketPlanTests.Nal(0x41, 300, 1)), 1);
        Assert.True(RtpHeader.TryParse(harness.UnprotectedRtp()[^1], out var fec));
        harness.Time.Advance(TimeSpan.FromMilliseconds(50));

        harness.SendRtcp($"81cd0003 00000001 {SenderHarness.Ssrc:x8} {fec.SequenceNumber:x4}0000");

        var resend = Assert.Single(harness.UnprotectedRtp());
        Assert.True(RtpHeader.TryParse(resend, out var rtx));
        Assert.Equal(SenderHarness.RtxSsrc, rtx.Ssrc);
        Assert.Equal(109, rtx.PayloadType);
        Assert.Equal(fec.Timestamp, rtx.Timestamp);
        Assert.Equal(2, rtx.PayloadLength); // the original sequence number, nothing after it
        Assert.Equal(fec.SequenceNumber, BinaryPrimitives.ReadUInt16BigEndian(resend.AsSpan(rtx.HeaderLength)));
        var stats = harness.Sender.GetStatistics();
        Assert.Equal(1, stats.EmptyRetransmissions);
        Assert.Equal(0, stats.PacketsRetransmitted);
        Assert.Equal(0, stats.NacksForDiscardedPackets);
    }

    [Fact]
    public void ReceiveRtcp_NackForFecPacketWithoutRtx_NothingSent()
    {
        // The sequence number again on the media SSRC with other content would reuse its SRTP keystream.
        using var harness = new SenderHarness(SrtpProfile.AesCm128HmacSha1Tag80, rtx: false, o => o with { RedPayloadType = Red, UlpfecPayloadType = Ulpfec, FecProtection = 1 });
        harness.Sender.SendFrame(H264PacketPlanTests.AnnexB(H264PacketPlanTests.Nal(0x41, 300, 1)), 1);
        Assert.True(RtpHeader.TryParse(harness.UnprotectedRtp()[^1], out var fec));
        harness.Time.Advance(TimeSpan.FromMilliseconds(50));

        harness.SendRtcp($"81cd0003 00000001 {SenderHarness.Ssrc:x8} {fec.SequenceNumber:x4}0000");

        Assert.Empty(harness.UnprotectedRtp());
        Assert.Equal(0, harness.Sender.GetStatistics().EmptyRetransmissions);
    }

    [Fact]
    public void ReceiveRtcp_NackForMediaPacket_StillAFullResend()
    {
        using var harness = new SenderHarness(SrtpProfile.AesCm128HmacSha1Tag80, rtx: true, o => o with { RedPayloadType = Red, UlpfecPayloadType = Ulpfec, FecProtection = 1 });
        harness.Sender.SendFrame(H264PacketPlanTests.AnnexB(H264PacketPlanTests.Nal(0x41, 300, 1)), 1);
        Assert.True(RtpHeader.TryParse(harness.UnprotectedRtp()[0], out var media));
        harness.Time.Advance(TimeSpan.FromMilliseconds(50));

        harness.SendRtcp($"81cd0003 00000001 {SenderHarness.Ssrc:x8} {media.SequenceNumber:x4}0000");

        var resend = Assert.Single(harness.UnprotectedRtp());
        Assert.True(RtpHeader.TryParse(resend, out var rtx));
        Assert.True(rtx.PayloadLength > 300);
        Assert.Equal(0, harness.Sender.GetStatistics().EmptyRetransmissions);
        Assert.Equal(1, harness.Sender.GetStatistics().PacketsRetransmitted);
    }
}
