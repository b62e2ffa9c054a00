using WlWebRtc.Rtp.Packets;
using WlWebRtc.Rtp.Sending;
using WlWebRtc.Rtp.Srtp;
using WlWebRtc.Rtp.Tests.H264;
using WlWebRtc.Rtp.Tests.Sending;

namespace WlWebRtc.Rtp.Tests.Fec;

/// <summary>The sender with FEC on: media in RED, ULPFEC in RED after each frame, and what a receiver makes of it.</summary>
public sealed class RtpVideoSenderFecTests
{
    private const byte Red = 116;
    private const byte Ulpfec = 118;

    [Fact]
    public void SendFrame_FecOn_MediaInRedThenFecThatRepairsALostPacket()
    {
        using var harness = new SenderHarness(SrtpProfile.AesCm128HmacSha1Tag80, rtx: true, o => o with { RedPayloadType = Red, UlpfecPayloadType = Ulpfec, FecProtection = 0.25 });

        harness.Sender.SendFrame(H264PacketPlanTests.AnnexB(H264PacketPlanTests.Nal(0x65, 5000, 1)), 1);
        var wire = harness.UnprotectedRtp();

        var media = new Dictionary<ushort, byte[]>();
        var fec = new List<byte[]>();
        foreach (var packet in wire)
        {
            Assert.True(RtpHeader.TryParse(packet, out var header));
            Assert.Equal(Red, header.PayloadType);
            var block = packet[header.HeaderLength];
            if (block == Ulpfec)
            {
                fec.Add(packet[(header.HeaderLength + 1)..]);
                continue;
            }

            Assert.Equal(108, block);
            Assert.Empty(fec); // FEC follows the frame's media
            media[header.SequenceNumber] = Unwrap(packet, header);
        }

        Assert.Equal(5, media.Count);
        Assert.Equal(2, fec.Count); // ceil(5 x 0.25)
        Assert.True(RtpHeader.TryParse(wire[^1], out var last));
        Assert.False(last.Marker);

        foreach (var lost in media.Keys)
        {
            var received = media.Where(m => m.Key != lost).ToDictionary(m => m.Key, m => m.Value);
            var repair = fec.Select(f => UlpfecTestDecoder.Recover(f, received, SenderHarness.Ssrc)).Single(r => r is not null);
            Assert.Equal(media[lost], repair);
        }

        var stats = harness.Sender.GetStatistics();
        Assert.Equal(2, stats.FecPacketsSent);
        Assert.True(stats.FecBytesSent > 0 && stats.FecBytesSent < stats.BytesSent);
    }

    [Fact]
    public void SendFrame_FrameOfMoreThan48Packets_FecOnlyAfterItsLastPacketProtectingItsLast48()
    {
        // A FEC sequence number inside a frame splits it for Chromium's H.264 packet buffer (it then held every later
        // delta frame until its 3 s decode timeout asked for a keyframe): FEC goes out after the frame only.
        using var harness = new SenderHarness(SrtpProfile.AesCm128HmacSha1Tag80, rtx: true, o => o with { RedPayloadType = Red, UlpfecPayloadType = Ulpfec, FecProtection = 0.1 });

        harness.Sender.SendFrame(H264PacketPlanTests.AnnexB(H264PacketPlanTests.Nal(0x41, 100_000, 2)), 1);
        var wire = harness.UnprotectedRtp();

        var media = new List<(ushort Sequence, byte[] Packet)>();
        var fec = new List<byte[]>();
        foreach (var packet in wire)
        {
            Assert.True(RtpHeader.TryParse(packet, out var header));
            if (packet[header.HeaderLength] == Ulpfec)
            {
                fec.Add(packet[(header.HeaderLength + 1)..]);
                continue;
            }

            Assert.Empty(fec); // no FEC before the frame's last media packet
            media.Add((header.SequenceNumber, Unwrap(packet, header)));
        }

        Assert.True(media.Count > 60, $"{media.Count} packets");
        Assert.True(RtpHeader.TryParse(media[^1].Packet, out var lastMedia) && lastMedia.Marker);
        Assert.Equal(5, fec.Count); // ceil(48 x 0.1)
        Assert.All(media.Skip(1).Select((m, i) => (ushort)(m.Sequence - media[i].Sequence)), step => Assert.Equal(1, step));
        for (var lost = 0; lost < media.Count; lost++)
        {
            var received = media.Where((_, i) => i != lost).ToDictionary(m => m.Sequence, m => m.Packet);
            var repair = fec.Select(f => UlpfecTestDecoder.Recover(f, received, SenderHarness.Ssrc)).SingleOrDefault(r => r is not null);
            if (lost >= media.Count - 48)
            {
                Assert.Equal(media[lost].Packet, repair);
            }
            else
            {
                Assert.Null(repair);
            }
        }
    }

    [Fact]
    public void SendFrame_AutoWithoutLoss_SendsNoFec()
    {
        using var harness = new SenderHarness(SrtpProfile.AesCm128HmacSha1Tag80, rtx: true, o => o with { RedPayloadType = Red, UlpfecPayloadType = Ulpfec });

        harness.Sender.SendFrame(H264PacketPlanTests.AnnexB(H264PacketPlanTests.Nal(0x65, 3000, 1)), 1);

        Assert.Equal(0, harness.Sender.GetStatistics().FecPacketsSent);
        Assert.All(harness.UnprotectedRtp(), p => Assert.Equal(Red, p[1] & 0x7F));
    }

    [Fact]
    public void ReceiveRtcp_NackForFecPacket_NoResendNoKeyframe()
    {
        using var harness = new SenderHarness(SrtpProfile.AesCm128HmacSha1Tag80, rtx: true, o => o with { RedPayloadType = Red, UlpfecPayloadType = Ulpfec, FecProtection = 1 });
        harness.Sender.SendFrame(H264PacketPlanTests.AnnexB(H264PacketPlanTests.Nal(0x41, 300, 1)), 1);
        var wire = harness.UnprotectedRtp();
        Assert.True(RtpHeader.TryParse(wire[^1], out var fecHeader));
        harness.Time.Advance(TimeSpan.FromSeconds(2));

        var events = harness.SendRtcp($"81cd0003 00000001 {SenderHarness.Ssrc:x8} {fecHeader.SequenceNumber:x4}0000");

        Assert.False(events.HasFlag(RtcpEvents.KeyframeRequested));
        Assert.Equal(0, harness.Sender.GetStatistics().NacksForDiscardedPackets);
        Assert.Equal(0, harness.Sender.GetStatistics().PacketsRetransmitted);
    }

    /// <summary>What a receiver makes of a RED packet: the header with the block's payload type, then the block.</summary>
    private static byte[] Unwrap(byte[] red, RtpHeader header)
    {
        var plain = new byte[red.Length - 1];
        red.AsSpan(0, header.HeaderLength).CopyTo(plain);
        plain[1] = (byte)((red[1] & 0x80) | red[header.HeaderLength]);
        red.AsSpan(header.HeaderLength + 1).CopyTo(plain.AsSpan(header.HeaderLength));
        return plain;
    }
}
