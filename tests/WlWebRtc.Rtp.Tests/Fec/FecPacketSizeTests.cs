using WlWebRtc.Rtp.Packets;
using WlWebRtc.Rtp.Sending;
using WlWebRtc.Rtp.Srtp;
using WlWebRtc.Rtp.Tests.H264;
using WlWebRtc.Rtp.Tests.Sending;

namespace WlWebRtc.Rtp.Tests.Fec;

/// <summary>
/// FEC must not make packets longer than the configured size allows without it: a ULPFEC packet carries the
/// protected packets' header extensions and its own headers on top of the longest payload, so with FEC on frames
/// are cut smaller (<see cref="RtpVideoSenderOptions.PacketizationPayloadSize"/>).
/// </summary>
public sealed class FecPacketSizeTests
{
    private const byte Red = 116;
    private const byte Ulpfec = 118;

    [Theory]
    [InlineData(1200, 0.5)]
    [InlineData(1200, 1.0)]
    [InlineData(576, 0.3)]
    [InlineData(100, 1.0)]
    public void SendFrame_FecOn_NoDatagramLongerThanTheLongestWithoutFec(int maxPayloadSize, double protection)
    {
        var frame = H264PacketPlanTests.AnnexB(H264PacketPlanTests.Nal(0x65, 30_000, 1));
        using var plain = new SenderHarness(SrtpProfile.AesCm128HmacSha1Tag80, rtx: true, o => o with { MaxPayloadSize = maxPayloadSize });
        using var fec = new SenderHarness(SrtpProfile.AesCm128HmacSha1Tag80, rtx: true,
            o => o with { MaxPayloadSize = maxPayloadSize, RedPayloadType = Red, UlpfecPayloadType = Ulpfec, FecProtection = protection });

        plain.Sender.SendFrame(frame, 1);
        fec.Sender.SendFrame(frame, 1);
        // The longest packet without FEC: an RTX resend of a packet with a full payload (header, the original's
        // sequence number, the payload), protected.
        var first = plain.Sink.Datagrams.First(d => !RtpPacketClassifier.IsRtcp(d));
        Assert.True(RtpHeader.TryParse(first, out var header));
        const int srtpTag = 10;
        var rtxResend = header.HeaderLength + 2 + maxPayloadSize + srtpTag;
        var fecDatagrams = fec.Sink.Datagrams.Where(d => !RtpPacketClassifier.IsRtcp(d)).ToList();

        Assert.True(fec.Sender.GetStatistics().FecPacketsSent > 0);
        var longest = fecDatagrams.Max(d => d.Length);
        Assert.True(longest <= rtxResend, $"A datagram of {longest} bytes with FEC on; without FEC the longest is {rtxResend} (an RTX resend).");
        Assert.True(longest >= rtxResend - 16, $"FEC on cut the payload more than it needs: longest {longest}, without FEC {rtxResend}.");
    }

    [Fact]
    public void SendFrame_FecOn_RtxResendOfACutPacketFitsToo()
    {
        using var fec = new SenderHarness(SrtpProfile.AesCm128HmacSha1Tag80, rtx: true,
            o => o with { RedPayloadType = Red, UlpfecPayloadType = Ulpfec, FecProtection = 0.5 });
        fec.Sender.SendFrame(H264PacketPlanTests.AnnexB(H264PacketPlanTests.Nal(0x65, 5000, 1)), 1);
        var first = fec.UnprotectedRtp()[0];
        Assert.True(RtpHeader.TryParse(first, out var header));
        fec.Time.Advance(TimeSpan.FromMilliseconds(100));

        fec.SendRtcp($"81cd0003 00000001 {SenderHarness.Ssrc:x8} {header.SequenceNumber:x4}0000");

        // The resend first (the frame's FEC sequence numbers follow it as empty retransmissions).
        var resend = fec.Sink.Datagrams.First(d => !RtpPacketClassifier.IsRtcp(d));
        var bound = RtpHeaderBuilder.MaxHeaderLength + 2 + fec.Sender.Options.MaxPayloadSize + 10;
        Assert.True(resend.Length <= bound, $"RTX resend of {resend.Length} bytes, bound {bound}.");
    }

    [Fact]
    public void PacketizationPayloadSize_FecOff_IsTheMaxPayloadSize()
    {
        var options = new RtpVideoSenderOptions { Ssrc = 1, PayloadType = 108, MaxPayloadSize = 1100 };

        Assert.Equal(1100, options.PacketizationPayloadSize);
        Assert.Equal(1100 - RtpVideoSenderOptions.FecPayloadReserve, (options with { RedPayloadType = Red, UlpfecPayloadType = Ulpfec }).PacketizationPayloadSize);
    }
}
