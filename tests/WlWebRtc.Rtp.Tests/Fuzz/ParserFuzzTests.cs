using WlWebRtc.Rtp.H264;
using WlWebRtc.Rtp.Packets;
using WlWebRtc.Rtp.Rtcp;
using WlWebRtc.Rtp.Srtp;
using WlWebRtc.Rtp.Tests.Srtp;

namespace WlWebRtc.Rtp.Tests.Fuzz;

/// <summary>
/// Every parser of network input gets 10^5 random and mutated inputs: it must return a clean result —
/// any exception (including an out-of-range span access) fails the test, and the run must finish.
/// </summary>
public sealed class ParserFuzzTests
{
    private static readonly byte[][] RtpSeeds =
    [
        Hex.Bytes("906c0001000000020000000bbede00032201020331aabb40010203004142"),
        Hex.Bytes("90600001000000020000000310000003c8140102030405060708090a0b0c0d0e0f10111213141541"),
        Hex.Bytes("b2600001000000020000000300000001000000020000000300000002"),
    ];

    private static readonly byte[][] RtcpSeeds =
    [
        Hex.Bytes("81c90007 00000001 11223344 40000010 00001234 00000020 aabbccdd 00010000 81ca0003 00000001 01024142 00000000"),
        Hex.Bytes("81cd0004 00000001 11223344 fffe0005 00100000"),
        Hex.Bytes("8fcd0007 00000001 11223344 00640006 00000100 2002c940 0408fffc 02020000"),
        Hex.Bytes("8fcd0008 00000001 11223344 0000000e 00000000 afff 0101010101010101010101010101 0000"),
        Hex.Bytes("8fce0005 00000001 00000000 52454d42 010fd090 11223344"),
        Hex.Bytes("84ce0004 00000001 00000000 11223344 01000000 81ce0002 00000001 11223344"),
        Hex.Bytes("80c8000611223344010203040506070800000099000000010000000281cb000111223344"),
    ];

    [Fact]
    public void RtpHeaderTryParse_RandomAndMutatedInputs_NeverThrows()
    {
        var parsed = 0;
        foreach (var input in FuzzInputs.Generate(1, RtpSeeds))
        {
            if (RtpHeader.TryParse(input, out var header))
            {
                parsed++;
                Assert.InRange(header.HeaderLength + header.PayloadLength + header.PaddingLength, 12, input.Length);
                for (var id = 1; id < 16; id++)
                {
                    header.TryGetExtension(input, id, out var value);
                    Assert.True(value.Length <= header.ExtensionLength);
                }

                var enumerator = new RtpExtensionEnumerator(input.AsSpan(header.ExtensionOffset, header.ExtensionLength), header.ExtensionProfile);
                var elements = 0;
                while (enumerator.MoveNext())
                {
                    Assert.True(++elements <= header.ExtensionLength);
                }
            }
        }

        Assert.True(parsed > 1000, $"only {parsed} inputs parsed: the fuzzer does not reach the extension code");
    }

    [Fact]
    public void RtcpParsers_RandomAndMutatedInputs_NeverThrow()
    {
        var packets = 0;
        var nacks = new List<ushort>();
        var feedback = new List<PacketFeedback>();
        Span<ReportBlock> blocks = new ReportBlock[31];
        Span<uint> ssrcs = new uint[16];
        foreach (var input in FuzzInputs.Generate(2, RtcpSeeds))
        {
            var enumerator = new RtcpCompoundEnumerator(input);
            while (enumerator.MoveNext())
            {
                packets++;
                var packet = enumerator.Current;
                Assert.True(packet.Length >= 4);
                nacks.Clear();
                feedback.Clear();
                ReportPackets.TryRead(packet, enumerator.PacketType, enumerator.CountOrFormat, out _, blocks, out _);
                if (FeedbackPackets.TryReadNack(packet, out _, nacks, FeedbackPackets.MaxNackedPerPacket, out _))
                {
                    Assert.True(nacks.Count <= Math.Min(packet.Length * 17 / 4, FeedbackPackets.MaxNackedPerPacket));
                }

                FeedbackPackets.TryReadFir(packet, 0x11223344, out _);
                FeedbackPackets.TryReadRemb(packet, out var bitrate, ssrcs, out _);
                Assert.True(bitrate >= 0);
                if (TransportFeedback.TryRead(packet, out _, out _, feedback))
                {
                    Assert.True(feedback.Count <= TransportFeedback.MaxStatusCount);
                }
            }
        }

        Assert.True(packets > 10_000, $"only {packets} packets reached the type parsers");
    }

    [Fact]
    public void H264Depacketizer_RandomAndMutatedPayloads_NeverThrows()
    {
        var depacketizer = new H264Depacketizer();
        var seeds = new[] { Hex.Bytes("7c8541424344"), Hex.Bytes("780014670102030405060708090a0b0c0d0e0f10111213140004680102"), Hex.Bytes("4101020304") };
        var n = 0;
        foreach (var input in FuzzInputs.Generate(3, seeds))
        {
            depacketizer.Push(input);
            if (++n % 7 == 0)
            {
                depacketizer.EndFrame();
            }
        }

        Assert.Equal(FuzzInputs.Count, n);
    }

    [Fact]
    public void H264PacketPlanBuild_RandomAccessUnits_PayloadsStayWithinLimit()
    {
        var plan = new H264PacketPlan(200);
        var payload = new byte[200];
        var seeds = new[] { Hex.Bytes("0000000167010203000000016801020000016541424344454647"), Hex.Bytes("000001") };
        foreach (var input in FuzzInputs.Generate(4, seeds))
        {
            plan.Build(input);
            for (var i = 0; i < plan.PacketCount; i++)
            {
                Assert.InRange(plan.WritePayload(i, input, payload), 1, 200);
            }
        }
    }

    [Theory]
    [InlineData(SrtpProfile.AesCm128HmacSha1Tag80)]
    [InlineData(SrtpProfile.AeadAes128Gcm)]
    public void SrtpUnprotect_RandomAndMutatedInputs_NeverThrowsAndNeverAcceptsForgeries(SrtpProfile profile)
    {
        var (sender, receiver) = SrtpSessionTests.Pair(profile);
        using (sender)
        using (receiver)
        {
            var rtpSeeds = Enumerable.Range(0, 4).Select(i => SrtpSessionTests.Protect(sender, SrtpSessionTests.RtpPacket((ushort)(i * 1000), 7, 20 + (i * 50)))).ToList();
            var rtcpSeeds = new List<byte[]>();
            foreach (var plain in RtcpSeeds)
            {
                var wire = new byte[plain.Length + sender.RtcpOverhead];
                Assert.Equal(SrtpStatus.Ok, sender.ProtectRtcp(plain, wire, out _));
                rtcpSeeds.Add(wire);
            }

            var accepted = 0;
            foreach (var input in FuzzInputs.Generate(5, rtpSeeds))
            {
                var copy = input.ToArray();
                if (receiver.UnprotectRtp(copy, out _) == SrtpStatus.Ok && !rtpSeeds.Any(s => s.AsSpan().SequenceEqual(input)))
                {
                    accepted++;
                }
            }

            foreach (var input in FuzzInputs.Generate(6, rtcpSeeds))
            {
                var copy = input.ToArray();
                if (receiver.UnprotectRtcp(copy, out _) == SrtpStatus.Ok && !rtcpSeeds.Any(s => s.AsSpan().SequenceEqual(input)))
                {
                    accepted++;
                }
            }

            Assert.Equal(0, accepted);
        }
    }
}
