using WlWebRtc.Rtp.Fec;

namespace WlWebRtc.Rtp.Tests.Fec;

public sealed class FecProtectorTests
{
    [Theory]
    [InlineData(0, 0.5, 0)]
    [InlineData(10, 0, 0)]
    [InlineData(10, 0.1, 1)]
    [InlineData(10, 0.25, 3)]
    [InlineData(1, 0.1, 1)]
    [InlineData(4, 1.0, 4)]
    public void FecPacketCount_RoundsUpWithinTheGroup(int packets, double protection, int expected) =>
        Assert.Equal(expected, FecProtector.FecPacketCount(packets, protection));

    [Fact]
    public void WriteFec_OneLossInEachInterleavedGroup_AllRecovered()
    {
        var packets = UlpfecWriterTests.Packets(2000, 10, seed: 4);
        var protector = new FecProtector(1300);
        packets.ForEach(p => protector.Add(p));
        var fecCount = FecProtector.FecPacketCount(10, 0.3);
        Assert.Equal(3, fecCount);

        // Packets 3, 4 and 5 are lost: a burst of three, one in each group (i mod 3).
        var received = packets.Where((_, i) => i is < 3 or > 5).ToDictionary(UlpfecWriterTests.Sequence, p => p);
        var buffer = new byte[protector.MaxFecLength];
        for (var j = 0; j < fecCount; j++)
        {
            var fec = buffer[..protector.WriteFec(j, fecCount, buffer)];
            var recovered = UlpfecTestDecoder.Recover(fec, received, 0xCAFEBABE);
            Assert.NotNull(recovered);
            received[UlpfecWriterTests.Sequence(recovered)] = recovered;
        }

        Assert.Equal(packets, received.OrderBy(r => r.Key).Select(r => r.Value));
    }

    [Fact]
    public void Add_MoreThanTheWindow_KeepsTheLast48WhichFecRepairs()
    {
        // A frame of 60 packets: FEC goes out after its last packet and protects the last 48 (what a receiver still holds).
        var packets = UlpfecWriterTests.Packets(65_530, 60, seed: 6);
        var protector = new FecProtector(1300);
        packets.ForEach(p => protector.Add(p));

        Assert.Equal(UlpfecWriter.MaxProtectedPackets, protector.Count);
        Assert.Equal(12, protector.Dropped);
        var buffer = new byte[protector.MaxFecLength];
        var fec = buffer[..protector.WriteFec(0, 1, buffer)];
        foreach (var lost in new[] { 12, 30, 59 })
        {
            var received = packets.Where((_, i) => i != lost).ToDictionary(UlpfecWriterTests.Sequence, p => p);
            Assert.Equal(packets[lost], UlpfecTestDecoder.Recover(fec, received, 0xCAFEBABE));
        }

        protector.Clear();
        protector.Add(packets[0].AsSpan(0, 100));
        Assert.Equal(1, protector.Count);
        Assert.Equal(0, protector.Dropped);
        Assert.Throws<ArgumentException>(() => protector.Add(new byte[1301]));
    }

    [Theory]
    [InlineData(0.2, 0.0, 0.2)]
    [InlineData(0.0, 0.005, 0.0)]
    [InlineData(0.0, 0.02, 0.1)]
    [InlineData(0.0, 0.1, 0.3)]
    [InlineData(0.0, 0.4, 0.5)]
    public void Protection_FixedOrFollowingLoss(double configured, double loss, double expected) =>
        Assert.Equal(expected, FecProtection.For(configured, loss), 6);
}
