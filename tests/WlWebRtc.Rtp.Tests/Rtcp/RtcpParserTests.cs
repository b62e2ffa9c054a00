using WlWebRtc.Rtp.Rtcp;

namespace WlWebRtc.Rtp.Tests.Rtcp;

public sealed class RtcpParserTests
{
    [Fact]
    public void Enumerator_CompoundRrSdesPli_YieldsEachPacket()
    {
        var compound = Hex.Bytes(
            "81c90007 00000001 11223344 40000010 00001234 00000020 aabbccdd 00010000" +
            "81ca0003 00000001 01024142 00000000" +
            "81ce0002 00000001 11223344");
        var types = new List<(byte, int)>();

        var enumerator = new RtcpCompoundEnumerator(compound);
        while (enumerator.MoveNext())
        {
            types.Add((enumerator.PacketType, enumerator.CountOrFormat));
        }

        Assert.False(enumerator.IsMalformed);
        Assert.Equal([(201, 1), (202, 1), (206, 1)], types);
    }

    [Fact]
    public void ReportBlock_Fields_DecodedIncludingNegativeCumulativeLoss()
    {
        var rr = Hex.Bytes("81c90007 00000001 11223344 40fffffe 00001234 00000020 aabbccdd 00010000");
        Span<ReportBlock> blocks = new ReportBlock[4];

        Assert.True(ReportPackets.TryRead(rr, 201, 1, out var reporter, blocks, out var count));

        Assert.Equal(1u, reporter);
        Assert.Equal(1, count);
        Assert.Equal(0x11223344u, blocks[0].Ssrc);
        Assert.Equal(0x40, blocks[0].FractionLost);
        Assert.Equal(-2, blocks[0].CumulativeLost);
        Assert.Equal(0x1234u, blocks[0].ExtendedHighestSequence);
        Assert.Equal(0x20u, blocks[0].Jitter);
        Assert.Equal(0xaabbccddu, blocks[0].LastSenderReport);
        Assert.Equal(0x10000u, blocks[0].DelaySinceLastSenderReport);
    }

    [Fact]
    public void RoundTripTime_ArrivalMinusLsrMinusDlsr_InSixteenthsOfSeconds()
    {
        var block = new ReportBlock(1, 0, 0, 0, 0, LastSenderReport: 0x00010000, DelaySinceLastSenderReport: 0x00008000);

        var rtt = block.RoundTripTime(0x00018000 + 0x0CCC);

        Assert.NotNull(rtt);
        Assert.InRange(rtt.Value.TotalMilliseconds, 49.9, 50.1);
        Assert.Null(block with { LastSenderReport = 0 } is var b ? b.RoundTripTime(5) : null);
    }

    [Fact]
    public void TryReadNack_PidAndBitmask_ListsEveryLostSequence()
    {
        var nack = Hex.Bytes("81cd0004 00000001 11223344 fffe0005 00100000");
        var lost = new List<ushort>();

        Assert.True(FeedbackPackets.TryReadNack(nack, out var ssrc, lost, FeedbackPackets.MaxNackedPerPacket, out var ignored));

        Assert.Equal(0x11223344u, ssrc);
        Assert.Equal(new ushort[] { 0xfffe, 0xffff, 1, 0x10 }, lost);
        Assert.Equal(0, ignored);
    }

    [Fact]
    public void TryReadNack_MoreLostThanTheCap_TakesTheCapAndCountsTheRest()
    {
        // 40 FCI entries with every BLP bit set: 40 * 17 = 680 sequence numbers announced.
        var fci = string.Concat(Enumerable.Range(0, 40).Select(i => $"{i * 17:x4}ffff"));
        var nack = Hex.Bytes($"81cd{2 + 40:x4} 00000001 11223344 " + fci);
        var lost = new List<ushort>();

        Assert.True(FeedbackPackets.TryReadNack(nack, out _, lost, FeedbackPackets.MaxNackedPerPacket, out var ignored));

        Assert.True(lost.Count <= FeedbackPackets.MaxNackedPerPacket);
        Assert.Equal(15 * 17, lost.Count);
        Assert.Equal(680 - lost.Count, ignored);
    }

    [Fact]
    public void TryReadFir_EntryForOurSsrc_Found()
    {
        var fir = Hex.Bytes("84ce0006 00000001 00000000 55555555 07000000 11223344 09000000");

        Assert.True(FeedbackPackets.TryReadFir(fir, 0x11223344, out var sequence));
        Assert.Equal(9, sequence);
        Assert.False(FeedbackPackets.TryReadFir(fir, 0x99, out _));
    }

    [Fact]
    public void TryReadRemb_ExponentMantissa_Bitrate()
    {
        // exponent 3, mantissa 0x3d090 (250000) -> 2,000,000 b/s, one SSRC.
        var remb = Hex.Bytes("8fce0005 00000001 00000000 52454d42 010fd090 11223344");
        Span<uint> ssrcs = new uint[4];

        Assert.True(FeedbackPackets.TryReadRemb(remb, out var bitrate, ssrcs, out var count));

        Assert.Equal(2_000_000, bitrate);
        Assert.Equal(1, count);
        Assert.Equal(0x11223344u, ssrcs[0]);
    }

    [Fact]
    public void TryRead_TwccRunLengthAndVectors_DecodesArrivalTimes()
    {
        // base 100, count 6, reference time 1 (64 ms), fb count 0.
        // Chunk 1: run length, symbol 1 (small delta), run 2 -> 0x2002.
        // Chunk 2: two-bit vector: 0 (lost), 2 (large), 1, 1 -> 1 1 00 10 01 01 00 00 00 -> 0xC940... (7 symbols, 4 used).
        // Deltas: 4 (1 ms), 8 (2 ms), large -4 (-1 ms), 2, 2.
        var packet = Hex.Bytes("8fcd0007 00000001 11223344 00640006 00000100 2002c940 0408fffc 02020000");
        var results = new List<PacketFeedback>();

        Assert.True(TransportFeedback.TryRead(packet, out _, out var fbCount, results));

        Assert.Equal(0, fbCount);
        Assert.Equal(6, results.Count);
        Assert.Equal(new ushort[] { 100, 101, 102, 103, 104, 105 }, results.Select(r => r.Sequence));
        Assert.Equal(new[] { true, true, false, true, true, true }, results.Select(r => r.Received));
        Assert.Equal(64_000 + 1_000, results[0].ArrivalMicroseconds);
        Assert.Equal(64_000 + 3_000, results[1].ArrivalMicroseconds);
        Assert.Equal(64_000 + 2_000, results[3].ArrivalMicroseconds);
        Assert.Equal(64_000 + 2_500, results[4].ArrivalMicroseconds);
        Assert.Equal(64_000 + 3_000, results[5].ArrivalMicroseconds);
    }

    [Fact]
    public void TryRead_TwccOneBitVector_FourteenSymbols()
    {
        // one-bit vector 1 0 [14 symbols]: received, lost, received x12 -> 1 0 then 10111111111111 -> 0xAFFF
        var packet = Hex.Bytes("8fcd0008 00000001 11223344 0000000e 00000000 afff" + "0101010101010101010101010101" + "0000");
        var results = new List<PacketFeedback>();

        Assert.True(TransportFeedback.TryRead(packet, out _, out _, results));

        Assert.Equal(14, results.Count);
        Assert.False(results[1].Received);
        Assert.Equal(13, results.Count(r => r.Received));
        Assert.Equal(13 * 250, results[^1].ArrivalMicroseconds);
    }

    [Fact]
    public void TryRead_TwccStatusCountAboveTheCap_RejectedWithoutResults()
    {
        // 16,384 statuses announced with two run-length chunks of "not received" (8191 each) plus one: 6 bytes.
        var packet = Hex.Bytes("8fcd0006 00000001 11223344 00644000 00000100 1fff1fff 00020000");
        var results = new List<PacketFeedback>();

        Assert.False(TransportFeedback.TryRead(packet, out _, out _, results));

        Assert.Empty(results);
    }

    [Fact]
    public void TryRead_TwccRunOfReceivedWithoutTheirDeltas_RejectedWithoutResults()
    {
        // 8000 "received, small delta" in one run-length chunk, but only 4 delta bytes follow.
        var packet = Hex.Bytes("8fcd0006 00000001 11223344 00641f40 00000100 3f400000 01010101");
        var results = new List<PacketFeedback>();

        Assert.False(TransportFeedback.TryRead(packet, out _, out _, results));

        Assert.Empty(results);
    }

    [Fact]
    public void TryRead_TwccMissingDeltas_Fails()
    {
        var packet = Hex.Bytes("8fcd0005 00000001 11223344 00640006 00000100 20060000");

        Assert.False(TransportFeedback.TryRead(packet, out _, out _, []));
    }

    [Fact]
    public void Writers_SenderReportAndSdes_ParseBack()
    {
        var buffer = new byte[200];
        var length = RtcpWriter.WriteSenderReport(buffer, 0x11223344, 0x0102030405060708, 0x99, 10, 1000);
        length += RtcpWriter.WriteSourceDescription(buffer.AsSpan(length), 0x11223344, "abcd");
        length += RtcpWriter.WriteGoodbye(buffer.AsSpan(length), [0x11223344, 0x55667788]);
        var seen = new List<byte>();

        var enumerator = new RtcpCompoundEnumerator(buffer.AsSpan(0, length));
        while (enumerator.MoveNext())
        {
            seen.Add(enumerator.PacketType);
            Assert.Equal(0, enumerator.Current.Length % 4);
        }

        Assert.False(enumerator.IsMalformed);
        Assert.Equal(new byte[] { 200, 202, 203 }, seen);
        Assert.Equal("80c8000611223344010203040506070800000099", Hex.Of(buffer.AsSpan(0, 20)));
        Assert.Equal("81ca000311223344010461626364", Hex.Of(buffer.AsSpan(28, 14)));
    }

    [Fact]
    public void ToNtp_UnixEpoch_Is2208988800Seconds()
    {
        Assert.Equal(2208988800UL << 32, RtcpWriter.ToNtp(DateTimeOffset.UnixEpoch));
    }
}
