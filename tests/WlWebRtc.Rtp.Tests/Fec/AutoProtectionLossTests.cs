using WlWebRtc.Rtp.Fec;
using WlWebRtc.Rtp.Packets;
using WlWebRtc.Rtp.Sending;
using WlWebRtc.Rtp.Srtp;
using WlWebRtc.Rtp.Tests.H264;
using WlWebRtc.Rtp.Tests.Sending;

namespace WlWebRtc.Rtp.Tests.Fec;

/// <summary>
/// Auto FEC follows the windowed loss, not one report's fraction lost: Chromium puts a receiver report in front of
/// every NACK, covering a handful of packets, so at 5 % random loss such a report reads 50 %.
/// </summary>
public sealed class AutoProtectionLossTests
{
    private const byte Red = 116;
    private const byte Ulpfec = 118;
    private const uint FirstHighest = 0x1000;

    [Fact]
    public void SendFrame_ReportInFrontOfNackReads50Percent_ProtectionStaysAtWhatFivePercentNeeds()
    {
        using var harness = Auto();
        Report(harness, 0, 0, FirstHighest);
        Report(harness, 0x0d, 10, FirstHighest + 200); // 10 of 200: 5 %, closes a loss window
        Report(harness, 0x80, 11, FirstHighest + 202); // 1 of 2: the report in front of a NACK

        var (media, fec) = SendKeyframe(harness);

        Assert.True(media >= 8, $"{media} media packets");
        Assert.Equal(FecProtector.FecPacketCount(media, FecProtection.For(FecProtection.Auto, 0.05)), fec);
        Assert.True(fec < FecProtector.FecPacketCount(media, FecProtection.AutoMaximum));
    }

    [Fact]
    public void SendFrame_OnlyReportsOfAFewPacketsAt50Percent_SendsNoFec()
    {
        using var harness = Auto();
        Report(harness, 0, 0, FirstHighest);
        Report(harness, 0x80, 1, FirstHighest + 2);
        Report(harness, 0x80, 2, FirstHighest + 4);

        var (_, fec) = SendKeyframe(harness);

        Assert.Equal(0, fec);
    }

    private static SenderHarness Auto() =>
        new(SrtpProfile.AesCm128HmacSha1Tag80, rtx: true, o => o with { RedPayloadType = Red, UlpfecPayloadType = Ulpfec, FecProtection = FecProtection.Auto });

    private static void Report(SenderHarness harness, byte fractionLost, int cumulativeLost, uint highest) =>
        harness.SendRtcp($"81c90007 00000001 {SenderHarness.Ssrc:x8} {fractionLost:x2}{cumulativeLost:x6} {highest:x8} 00000000 00000000 00000000");

    private static (int Media, int Fec) SendKeyframe(SenderHarness harness)
    {
        harness.Sender.SendFrame(H264PacketPlanTests.AnnexB(H264PacketPlanTests.Nal(0x65, 10_000, 1)), 1);
        var media = 0;
        var fec = 0;
        foreach (var packet in harness.UnprotectedRtp())
        {
            Assert.True(RtpHeader.TryParse(packet, out var header));
            if (packet[header.HeaderLength] == Ulpfec)
            {
                fec++;
            }
            else
            {
                media++;
            }
        }

        return (media, fec);
    }
}
