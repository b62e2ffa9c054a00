using WlWebRtc.Rtp.Packets;

namespace WlWebRtc.Rtp.Tests.Packets;

public sealed class RtpHeaderTests
{
    [Fact]
    public void TryParse_WrittenHeaderWithOneByteExtensions_ReadsEveryField()
    {
        var packet = new byte[100];
        var offset = RtpHeaderWriter.WriteFixed(packet, true, 108, 0xFFFE, 0xDEADBEEF, 0x01020304, hasExtension: true);
        var start = RtpHeaderWriter.BeginExtensions(packet, offset, twoByte: false);
        offset = RtpHeaderWriter.AddElement(packet, start, false, 3, [1, 2, 3]);
        offset = RtpHeaderWriter.AddElement(packet, offset, false, 5, [9, 8]);
        offset = RtpHeaderWriter.EndExtensions(packet, start, offset);
        packet[offset] = 0x41;

        Assert.True(RtpHeader.TryParse(packet.AsSpan(0, offset + 1), out var header));

        Assert.True(header.Marker);
        Assert.Equal(108, header.PayloadType);
        Assert.Equal(0xFFFE, header.SequenceNumber);
        Assert.Equal(0xDEADBEEF, header.Timestamp);
        Assert.Equal(0x01020304u, header.Ssrc);
        Assert.Equal(offset, header.HeaderLength);
        Assert.Equal(1, header.PayloadLength);
        Assert.Equal(0, offset % 4);
        Assert.True(header.TryGetExtension(packet, 3, out var abs));
        Assert.Equal(new byte[] { 1, 2, 3 }, abs.ToArray());
        Assert.True(header.TryGetExtension(packet, 5, out var twcc));
        Assert.Equal(new byte[] { 9, 8 }, twcc.ToArray());
        Assert.False(header.TryGetExtension(packet, 4, out _));
    }

    [Fact]
    public void TryParse_TwoByteExtensions_ReadsLongAndEmptyElements()
    {
        var packet = new byte[200];
        var offset = RtpHeaderWriter.WriteFixed(packet, false, 96, 1, 2, 3, hasExtension: true);
        var start = RtpHeaderWriter.BeginExtensions(packet, offset, twoByte: true);
        offset = RtpHeaderWriter.AddElement(packet, start, true, 200, new byte[20]);
        offset = RtpHeaderWriter.AddElement(packet, offset, true, 7, []);
        offset = RtpHeaderWriter.EndExtensions(packet, start, offset);

        Assert.True(RtpHeader.TryParse(packet.AsSpan(0, offset), out var header));

        Assert.True(header.IsTwoByteExtension);
        Assert.True(header.TryGetExtension(packet, 200, out var value));
        Assert.Equal(20, value.Length);
        Assert.True(header.TryGetExtension(packet, 7, out var empty));
        Assert.Equal(0, empty.Length);
    }

    [Fact]
    public void TryParse_Rfc8285OneByteExampleWithPadding_FindsElements()
    {
        // 0xBEDE, length 3 words: id1 len1 (2 bytes), padding, id2 len3 (4 bytes), padding bytes.
        byte[] packet =
        [
            0x90, 0x60, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3,
            0xBE, 0xDE, 0x00, 0x03,
            0x11, 0xAA, 0xBB, 0x00, 0x23, 1, 2, 3, 4, 0x00, 0x00, 0x00,
            0x41,
        ];

        Assert.True(RtpHeader.TryParse(packet, out var header));

        Assert.True(header.TryGetExtension(packet, 1, out var one));
        Assert.Equal(new byte[] { 0xAA, 0xBB }, one.ToArray());
        Assert.True(header.TryGetExtension(packet, 2, out var two));
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, two.ToArray());
        Assert.Equal(28, header.HeaderLength);
    }

    [Theory]
    [InlineData("80")]
    [InlineData("406000010000000200000003")]
    [InlineData("816000010000000200000003")]
    [InlineData("906000010000000200000003bede0001")]
    [InlineData("a06000010000000200000003ff")]
    public void TryParse_Malformed_ReturnsFalse(string hex)
    {
        Assert.False(RtpHeader.TryParse(Hex.Bytes(hex), out _));
    }

    [Fact]
    public void TryParse_Padding_ExcludedFromPayload()
    {
        var packet = Hex.Bytes("a0600001000000020000000341424300000003");

        Assert.True(RtpHeader.TryParse(packet, out var header));

        Assert.Equal(3, header.PaddingLength);
        Assert.Equal(4, header.PayloadLength);
    }

    [Fact]
    public void PlayoutDelay_WriteThenRead_Keeps12BitValues()
    {
        var value = new byte[3];

        PlayoutDelay.Write(value, 0, 0);
        Assert.Equal(new byte[3], value);
        PlayoutDelay.Write(value, 0xABC, 0x123);

        Assert.True(PlayoutDelay.TryRead(value, out var min, out var max));
        Assert.Equal(0xABC, min);
        Assert.Equal(0x123, max);
    }

    [Fact]
    public void AbsSendTime_OneAndAHalfSeconds_Is6Dot18FixedPoint()
    {
        Assert.Equal((uint)(1.5 * (1 << 18)), AbsSendTime.FromTimestamp(1_500_000, 1_000_000));
        Assert.Equal(0u, AbsSendTime.FromTimestamp(64_000_000, 1_000_000));
    }

    [Fact]
    public void RtpClock_OneSecondOfTicks_Is90000Units()
    {
        var clock = new RtpClock(90_000, 1000);
        var start = clock.ToRtp(System.Diagnostics.Stopwatch.Frequency * 100_000);
        var later = clock.ToRtp((System.Diagnostics.Stopwatch.Frequency * 100_001) + (System.Diagnostics.Stopwatch.Frequency / 50));

        Assert.Equal(90_000u + 1800u, unchecked(later - start));
    }

    [Fact]
    public void IsRtcp_ByPacketType_SeparatesRtpAndRtcp()
    {
        Assert.True(RtpPacketClassifier.IsRtcp(Hex.Bytes("80c9000100000001")));
        Assert.False(RtpPacketClassifier.IsRtcp(Hex.Bytes("806c000100000001aabbccdd")));
        Assert.True(RtpPacketClassifier.IsRtp(Hex.Bytes("806c000100000001aabbccdd")));
    }
}
