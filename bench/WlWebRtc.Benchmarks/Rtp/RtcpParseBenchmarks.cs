using BenchmarkDotNet.Attributes;
using WlWebRtc.Rtp.Rtcp;

namespace WlWebRtc.Benchmarks.Rtp;

/// <summary>Parsing what Chromium sends: a compound RR + SDES, a NACK, and transport-wide-cc feedback.</summary>
[MemoryDiagnoser]
public class RtcpParseBenchmarks
{
    private readonly byte[] _compound = Convert.FromHexString(
        "81c90007000000011122334440000010000012340000002" + "0aabbccdd00010000" +
        "81ca00030000000101024142000000008" + "1cd00040000000111223344fffe000500100000");

    private readonly byte[] _twcc = Convert.FromHexString("8fcd000700000001112233440064000600000100" + "2002c9400408fffc02020000");
    private readonly List<ushort> _nacks = new(64);
    private readonly List<PacketFeedback> _feedback = new(64);
    private readonly ReportBlock[] _blocks = new ReportBlock[31];

    [Benchmark]
    public int ParseCompound()
    {
        var n = 0;
        _nacks.Clear();
        var enumerator = new RtcpCompoundEnumerator(_compound);
        while (enumerator.MoveNext())
        {
            n++;
            if (enumerator.PacketType == RtcpPacketType.ReceiverReport)
            {
                ReportPackets.TryRead(enumerator.Current, enumerator.PacketType, enumerator.CountOrFormat, out _, _blocks, out _);
            }
            else if (enumerator.PacketType == RtcpPacketType.TransportFeedback)
            {
                FeedbackPackets.TryReadNack(enumerator.Current, out _, _nacks);
            }
        }

        return n + _nacks.Count;
    }

    [Benchmark]
    public int ParseTransportFeedback()
    {
        _feedback.Clear();
        TransportFeedback.TryRead(_twcc, out _, out _, _feedback);
        return _feedback.Count;
    }
}
