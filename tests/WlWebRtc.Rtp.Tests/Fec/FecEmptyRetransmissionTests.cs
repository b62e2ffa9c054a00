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
    public void ReceiveRtcp_NackForMediaPacket_FullResendThenItsFramesFecSequenceNumbersAgain()
    {
        // Chromium forgets padding (FEC) 100 sequence numbers behind the newest: a frame completed late by this resend
        // would find its FEC sequence numbers unaccounted for and hold every later delta frame until its 3 s timeout.
        using var harness = new SenderHarness(SrtpProfile.AesCm128HmacSha1Tag80, rtx: true, o => o with { RedPayloadType = Red, UlpfecPayloadType = Ulpfec, FecProtection = 0.5 });
        harness.Sender.SendFrame(H264PacketPlanTests.AnnexB(H264PacketPlanTests.Nal(0x41, 4000, 1)), 1);
        var first = Sequences(harness.UnprotectedRtp());
        harness.Sender.SendFrame(H264PacketPlanTests.AnnexB(H264PacketPlanTests.Nal(0x41, 4000, 2)), 3000);
        var second = Sequences(harness.UnprotectedRtp());
        harness.Time.Advance(TimeSpan.FromMilliseconds(50));

        harness.SendRtcp($"81cd0003 00000001 {SenderHarness.Ssrc:x8} {first.Media[1]:x4}0000");

        var wire = harness.UnprotectedRtp();
        Assert.True(RtpHeader.TryParse(wire[0], out var resend));
        Assert.True(resend.PayloadLength > 1000);
        Assert.Equal(first.Media[1], BinaryPrimitives.ReadUInt16BigEndian(wire[0].AsSpan(resend.HeaderLength)));
        var announced = wire.Skip(1).Select(p =>
        {
            Assert.True(RtpHeader.TryParse(p, out var rtx));
            Assert.Equal(SenderHarness.RtxSsrc, rtx.Ssrc);
            Assert.Equal(2, rtx.PayloadLength);
            return BinaryPrimitives.ReadUInt16BigEndian(p.AsSpan(rtx.HeaderLength));
        }).ToList();
        Assert.Equal(first.Fec, announced); // the first frame's FEC, not the second's
        Assert.NotEmpty(second.Fec);
        var stats = harness.Sender.GetStatistics();
        Assert.Equal(1, stats.PacketsRetransmitted);
        Assert.Equal(first.Fec.Count, stats.EmptyRetransmissions);
    }

    [Fact]
    public void ReceiveRtcp_NackForFirstFecPacketOfAFrame_AlsoTheFramesLaterFecPackets()
    {
        using var harness = new SenderHarness(SrtpProfile.AesCm128HmacSha1Tag80, rtx: true, o => o with { RedPayloadType = Red, UlpfecPayloadType = Ulpfec, FecProtection = 0.75 });
        harness.Sender.SendFrame(H264PacketPlanTests.AnnexB(H264PacketPlanTests.Nal(0x41, 4000, 1)), 1);
        var first = Sequences(harness.UnprotectedRtp());
        harness.Sender.SendFrame(H264PacketPlanTests.AnnexB(H264PacketPlanTests.Nal(0x41, 4000, 2)), 3000);
        harness.UnprotectedRtp();
        harness.Time.Advance(TimeSpan.FromMilliseconds(50));
        Assert.True(first.Fec.Count >= 3);

        harness.SendRtcp($"81cd0003 00000001 {SenderHarness.Ssrc:x8} {first.Fec[0]:x4}0000");

        var announced = harness.UnprotectedRtp().Select(p =>
        {
            Assert.True(RtpHeader.TryParse(p, out var rtx));
            Assert.Equal(2, rtx.PayloadLength);
            return BinaryPrimitives.ReadUInt16BigEndian(p.AsSpan(rtx.HeaderLength));
        }).ToList();
        Assert.Equal(first.Fec, announced);
    }

    /// <summary>The media and the FEC sequence numbers of what was sent (FEC travels in RED with the ULPFEC block type).</summary>
    private static (List<ushort> Media, List<ushort> Fec) Sequences(List<byte[]> wire)
    {
        var media = new List<ushort>();
        var fec = new List<ushort>();
        foreach (var packet in wire)
        {
            Assert.True(RtpHeader.TryParse(packet, out var header));
            (packet[header.HeaderLength] == Ulpfec ? fec : media).Add(header.SequenceNumber);
        }

        return (media, fec);
    }
}
