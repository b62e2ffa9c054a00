using WlWebRtc.LatencyProbe;

namespace WlWebRtc.TestPattern.Tests;

public sealed class LatencyBarcodeTests
{
    [Theory]
    [InlineData(0u, (ushort)0)]
    [InlineData(0xDEADBEEFu, (ushort)0xBEEF)]
    [InlineData(uint.MaxValue, ushort.MaxValue)]
    public void Encode_ThenDecode_RoundTrips(uint time, ushort counter)
    {
        var payload = LatencyBarcode.Encode(time, counter);

        Assert.True(payload < (1UL << 56));
        Assert.True(LatencyBarcode.TryDecode(payload, out var t, out var c));
        Assert.Equal(time, t);
        Assert.Equal(counter, c);
    }

    [Fact]
    public void Encode_ChecksumIsSumOfBytesPlusA5()
    {
        // time 0x01020304, counter 0x0506: bytes 1..6 sum to 21, plus 0xA5 = 0xBA.
        var payload = LatencyBarcode.Encode(0x01020304, 0x0506);

        Assert.Equal(0x01020304_0506BAUL, payload);
    }

    [Fact]
    public void TryDecode_AnySingleBitFlip_IsRejectedOrChangesNothingSilently()
    {
        var payload = LatencyBarcode.Encode(123456789, 4242);
        var accepted = 0;
        for (var bit = 0; bit < 56; bit++)
        {
            if (LatencyBarcode.TryDecode(payload ^ (1UL << bit), out _, out _))
            {
                accepted++;
            }
        }

        Assert.Equal(0, accepted);
    }

    [Fact]
    public void RebuildUnixMilliseconds_NearAWrap_PicksTheNearestCandidate()
    {
        var now = (5L << 32) + 10;
        Assert.Equal((5L << 32) + 5, LatencyBarcode.RebuildUnixMilliseconds(5, now));
        Assert.Equal((4L << 32) + 0xFFFFFFF0, LatencyBarcode.RebuildUnixMilliseconds(0xFFFFFFF0, now));
        Assert.Equal(1_700_000_000_123, LatencyBarcode.RebuildUnixMilliseconds(unchecked((uint)1_700_000_000_123), 1_700_000_000_140));
    }

    [Fact]
    public void TryRead_TooSmallImage_ReturnsFalse()
    {
        Assert.False(LatencyBarcode.TryRead(new byte[100], 10, 10, 40, 2, 1, 0, out _, out _));
    }

    [Fact]
    public void TryDecodeBits_BlocksOfAnEncodedPayload_ReadTimeAndCounter()
    {
        var payload = LatencyBarcode.Encode(0x01020304, 0x0506);
        var bits = Enumerable.Range(0, LatencyBarcode.BitCount).Select(i => (int)((payload >> (LatencyBarcode.BitCount - 1 - i)) & 1)).ToArray();

        Assert.True(LatencyBarcode.TryDecodeBits(bits, out var time, out var counter));
        Assert.Equal((0x01020304u, (ushort)0x0506), (time, counter));
    }

    [Fact]
    public void TryDecodeBits_NotFiftySixBlocks_ReturnsFalse()
    {
        Assert.False(LatencyBarcode.TryDecodeBits(new int[55], out _, out _));
    }
}
