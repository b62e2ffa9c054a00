using WlWebRtc.Rtp.Retransmission;

namespace WlWebRtc.Rtp.Tests.Retransmission;

public sealed class RtpPacketHistoryTests
{
    private static RtpPacketHistory Store(int capacity = 8) => new(capacity, 100, TimeSpan.FromSeconds(1), 1000);

    private static void Put(RtpPacketHistory history, ushort sequence, long at)
    {
        var buffer = history.GetWriteBuffer(sequence);
        buffer[0] = (byte)sequence;
        history.Commit(sequence, 10, at);
    }

    [Fact]
    public void TryTake_StoredPacket_ReturnsItOncePerInterval()
    {
        var history = Store();
        Put(history, 5, at: 0);

        Assert.True(history.TryTakeForRetransmission(5, now: 10, minInterval: 50, out var packet));
        Assert.Equal(5, packet[0]);
        Assert.False(history.TryTakeForRetransmission(5, now: 40, minInterval: 50, out _));
        Assert.True(history.TryTakeForRetransmission(5, now: 61, minInterval: 50, out _));
    }

    [Fact]
    public void TryTake_OverwrittenByNewerSequence_NotFound()
    {
        var history = Store(capacity: 8);
        Put(history, 1, 0);
        Put(history, 9, 1);

        Assert.False(history.TryTakeForRetransmission(1, 2, 0, out _));
        Assert.True(history.TryTakeForRetransmission(9, 2, 0, out _));
    }

    [Fact]
    public void TryTake_OlderThanMaxAge_NotFound()
    {
        var history = Store();
        Put(history, 3, 0);

        Assert.False(history.TryTakeForRetransmission(3, 1001, 0, out _));
    }
}
