using WlWebRtc.Capture.TestPattern;

namespace WlWebRtc.TestPattern.Tests;

public sealed class LatencyProbePatternTests
{
    [Theory]
    [InlineData(0u, (ushort)0)]
    [InlineData(0xDEADBEEFu, (ushort)0xBEEF)]
    [InlineData(uint.MaxValue, ushort.MaxValue)]
    public void Encode_ThenDecode_RoundTrips(uint time, ushort counter)
    {
        var payload = LatencyProbePattern.Encode(time, counter);

        Assert.True(payload < (1UL << 56));
        Assert.True(LatencyProbePattern.TryDecode(payload, out var t, out var c));
        Assert.Equal(time, t);
        Assert.Equal(counter, c);
    }

    [Fact]
    public void Encode_ChecksumIsSumOfBytesPlusA5()
    {
        // time 0x01020304, counter 0x0506: bytes 1..6 sum to 21, plus 0xA5 = 0xBA.
        var payload = LatencyProbePattern.Encode(0x01020304, 0x0506);

        Assert.Equal(0x01020304_0506BAUL, payload);
    }

    [Fact]
    public void TryDecode_AnySingleBitFlip_IsRejectedOrChangesNothingSilently()
    {
        var payload = LatencyProbePattern.Encode(123456789, 4242);
        var accepted = 0;
        for (var bit = 0; bit < 56; bit++)
        {
            if (LatencyProbePattern.TryDecode(payload ^ (1UL << bit), out _, out _))
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
        Assert.Equal((5L << 32) + 5, LatencyProbePattern.RebuildUnixMilliseconds(5, now));
        Assert.Equal((4L << 32) + 0xFFFFFFF0, LatencyProbePattern.RebuildUnixMilliseconds(0xFFFFFFF0, now));
        Assert.Equal(1_700_000_000_123, LatencyProbePattern.RebuildUnixMilliseconds(unchecked((uint)1_700_000_000_123), 1_700_000_000_140));
    }

    [Fact]
    public void TryRead_TooSmallImage_ReturnsFalse()
    {
        Assert.False(LatencyProbePattern.TryRead(new byte[100], 10, 10, 40, 2, 1, 0, out _, out _));
    }
}
