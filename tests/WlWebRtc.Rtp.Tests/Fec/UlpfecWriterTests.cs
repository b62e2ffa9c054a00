using System.Buffers.Binary;
using WlWebRtc.Rtp.Fec;

namespace WlWebRtc.Rtp.Tests.Fec;

public sealed class UlpfecWriterTests
{
    private const uint Ssrc = 0xCAFEBABE;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(48)]
    public void Write_AnyOnePacketLost_DecoderRebuildsItExactly(int count)
    {
        var packets = Packets(1000, count, seed: count);
        var fec = Fec(packets);

        for (var lost = 0; lost < count; lost++)
        {
            var received = packets.Where((_, i) => i != lost).ToDictionary(Sequence, p => p);
            var recovered = UlpfecTestDecoder.Recover(fec, received, Ssrc);
            Assert.Equal(packets[lost], recovered);
        }
    }

    [Fact]
    public void Write_SequenceWrap_ProtectsAcrossIt()
    {
        var packets = Packets(65530, 12, seed: 3);
        var fec = Fec(packets);

        Assert.Equal(65530, BinaryPrimitives.ReadUInt16BigEndian(fec.AsSpan(2)));
        Assert.Equal(packets.Select(Sequence), UlpfecTestDecoder.Protected(fec));
        var received = packets.Skip(1).ToDictionary(Sequence, p => p);
        Assert.Equal(packets[0], UlpfecTestDecoder.Recover(fec, received, Ssrc));
    }

    [Fact]
    public void Write_SpanUpTo16_UsesShortMask_Beyond_LongMask()
    {
        var shortFec = Fec(Packets(10, 16, seed: 1));
        var longFec = Fec(Packets(10, 17, seed: 1));

        Assert.Equal(0, shortFec[0] & 0xC0);
        Assert.Equal(0x40, longFec[0] & 0xC0);
    }

    [Fact]
    public void Write_Interleaved_ProtectsEveryOtherPacketOnly()
    {
        var packets = Packets(500, 6, seed: 9);
        var fec = Fec([packets[1], packets[3], packets[5]]);

        Assert.Equal([(ushort)501, (ushort)503, (ushort)505], UlpfecTestDecoder.Protected(fec));
        Assert.Equal(0, fec[0] & 0x40);
    }

    [Fact]
    public void Write_SpanOver48_Throws()
    {
        var packets = Packets(0, 49, seed: 1);

        Assert.Throws<ArgumentException>(() => UlpfecWriter.Write([packets[0], packets[48]], new byte[4000]));
        Assert.Throws<ArgumentException>(() => UlpfecWriter.Write([], new byte[4000]));
    }

    [Fact]
    public void Wrap_KeepsHeaderAndMarker_SwapsPayloadTypeAndAddsBlockHeader()
    {
        var packet = Packets(42, 1, seed: 5)[0];
        packet[1] = 0x80 | 108; // marker, H.264 payload type
        var red = new byte[packet.Length + 1];

        var length = RedPacket.Wrap(packet, 116, red);

        Assert.Equal(packet.Length + 1, length);
        Assert.Equal(0x80 | 116, red[1]);
        var headerLength = 12 + 4 + 8; // fixed header + one-byte extension block of two words
        Assert.Equal(packet.AsSpan(2, headerLength - 2).ToArray(), red.AsSpan(2, headerLength - 2).ToArray());
        Assert.Equal(108, red[headerLength]);
        Assert.Equal(packet.AsSpan(headerLength).ToArray(), red.AsSpan(headerLength + 1).ToArray());
    }

    internal static byte[] Fec(IReadOnlyList<byte[]> packets)
    {
        var buffer = new byte[4000];
        var length = UlpfecWriter.Write(packets.Select(p => (ReadOnlyMemory<byte>)p).ToList(), buffer);
        return buffer[..length];
    }

    internal static ushort Sequence(byte[] packet) => BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(2));

    /// <summary>Consecutive RTP packets of varied lengths, markers and timestamps, each with a header extension block.</summary>
    internal static List<byte[]> Packets(ushort first, int count, int seed)
    {
        var random = new Random(seed);
        var packets = new List<byte[]>();
        for (var i = 0; i < count; i++)
        {
            var payload = random.Next(1, 1200);
            var packet = new byte[12 + 12 + payload];
            random.NextBytes(packet);
            packet[0] = 0x90; // V=2, X=1
            packet[1] = (byte)((random.Next(2) << 7) | 108);
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)(first + i));
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), Ssrc);
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(12), 0xBEDE);
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(14), 2);
            packets.Add(packet);
        }

        return packets;
    }
}
