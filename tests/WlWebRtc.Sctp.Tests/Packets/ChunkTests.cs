using WlWebRtc.Sctp.Dcep;
using WlWebRtc.Sctp.Packets;
using WlWebRtc.Sctp.Packets.Chunks;

namespace WlWebRtc.Sctp.Tests.Packets;

public sealed class ChunkTests
{
    private static byte[] Serialize(IChunk chunk)
    {
        var buffer = new byte[chunk.Length];
        chunk.WriteTo(buffer);
        return buffer;
    }

    private static RawChunkCopy ReadSingle(byte[] bytes)
    {
        var reader = new ChunkReader(bytes);
        Assert.True(reader.MoveNext());
        var copy = new RawChunkCopy(reader.Current.Type, reader.Current.Flags, reader.Current.Value.ToArray());
        Assert.False(reader.MoveNext());
        Assert.False(reader.Malformed);
        return copy;
    }

    private sealed record RawChunkCopy(byte Type, byte Flags, byte[] Value);

    [Theory]
    [InlineData(0x00, 0x8A9136AAu)] // RFC 3720 B.4: 32 bytes of zeros
    [InlineData(0xFF, 0x62A8AB43u)] // 32 bytes of 0xFF
    public void Crc32c_Rfc3720Vectors_Match(byte fill, uint expected)
    {
        var data = Enumerable.Repeat(fill, 32).ToArray();
        Assert.Equal(expected, Crc32c.Compute(data));
        Assert.Equal(expected, ~Crc32c.UpdateTable(0xFFFFFFFF, data));
    }

    [Fact]
    public void Crc32c_IncrementingBytes_MatchesRfc3720AndTablePath()
    {
        var data = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        Assert.Equal(0x46DD794Eu, Crc32c.Compute(data));
        var random = new Random(5).GetItems<byte>(Enumerable.Range(0, 256).Select(i => (byte)i).ToArray(), 1001);
        Assert.Equal(~Crc32c.UpdateTable(0xFFFFFFFF, random), Crc32c.Compute(random));
    }

    [Fact]
    public void Checksum_WrittenLittleEndian_VerifiesAndDetectsCorruption()
    {
        // A COOKIE-ACK packet: ports 5000/5000, tag 0x01020304.
        var packet = new byte[16];
        SctpPacket.WriteHeader(packet, 5000, 5000, 0x01020304);
        SctpPacket.WriteChunkHeader(packet.AsSpan(12), ChunkType.CookieAck, 0, 4);
        SctpPacket.WriteChecksum(packet);
        Assert.True(SctpPacket.HasValidChecksum(packet));
        var crc = Crc32c.Compute([.. packet[..8], 0, 0, 0, 0, .. packet[12..]]);
        Assert.Equal(crc, BitConverter.ToUInt32(packet, 8)); // little-endian on the wire, as aiortc/usrsctp
        packet[13] ^= 1;
        Assert.False(SctpPacket.HasValidChecksum(packet));
    }

    [Fact]
    public void DataChunk_HandMadeBytes_ParsedAndReserialised()
    {
        byte[] bytes = [0x00, 0x03, 0x00, 0x13, 0x00, 0x00, 0x00, 0x2A, 0x00, 0x01, 0x00, 0x05, 0x00, 0x00, 0x00, 0x33, (byte)'a', (byte)'b', (byte)'c'];
        var raw = ReadSingle([.. bytes, 0]);
        var chunk = DataChunk.Parse(raw.Flags, raw.Value)!;
        Assert.Equal(42u, chunk.Tsn);
        Assert.Equal(1, chunk.StreamId);
        Assert.Equal(5, chunk.Ssn);
        Assert.Equal(51u, chunk.Ppid);
        Assert.True(chunk.Beginning && chunk.Ending && !chunk.Unordered);
        Assert.Equal("abc"u8.ToArray(), chunk.Payload.ToArray());
        Assert.Equal(bytes, Serialize(chunk));
    }

    [Fact]
    public void DataChunk_NoUserData_Rejected() => Assert.Null(DataChunk.Parse(3, new byte[12]));

    [Fact]
    public void InitChunk_RoundTrip_KeepsFieldsAndExtensions()
    {
        var init = new InitChunk
        {
            IsAck = true, InitiateTag = 0xDEADBEEF, ARwnd = 131072, OutboundStreams = 1024, InboundStreams = 65535, InitialTsn = 77,
            ForwardTsnSupported = true, SupportedExtensions = [130, 192], StateCookie = new byte[] { 1, 2, 3, 4, 5 },
        };
        var raw = ReadSingle(Serialize(init));
        Assert.Equal((byte)ChunkType.InitAck, raw.Type);
        var parsed = InitChunk.Parse(true, raw.Value)!;
        Assert.Equal(init.InitiateTag, parsed.InitiateTag);
        Assert.Equal(init.ARwnd, parsed.ARwnd);
        Assert.Equal(init.OutboundStreams, parsed.OutboundStreams);
        Assert.Equal(init.InboundStreams, parsed.InboundStreams);
        Assert.Equal(init.InitialTsn, parsed.InitialTsn);
        Assert.True(parsed.SupportsForwardTsn && parsed.SupportsReConfig);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, parsed.StateCookie.ToArray());
    }

    [Fact]
    public void InitChunk_ChromiumStyleUnknownParameters_SkippedBySkipBits()
    {
        // INIT value: tag 1, rwnd, 1024/1024 streams, TSN 9; then 0x8001 (zero checksum acceptable, skip), Forward-TSN-Supported,
        // then 0x0005 (IPv4 address, upper bits 00: stop processing) followed by a Supported Extensions that must be ignored.
        byte[] value = [0, 0, 0, 1, 0, 2, 0, 0, 4, 0, 4, 0, 0, 0, 0, 9,
            0x80, 0x01, 0, 8, 0, 0, 0, 1,
            0xC0, 0x00, 0, 4,
            0x00, 0x05, 0, 8, 127, 0, 0, 1,
            0x80, 0x08, 0, 5, 130, 0, 0, 0];
        var init = InitChunk.Parse(false, value)!;
        Assert.True(init.ForwardTsnSupported);
        Assert.False(init.SupportsReConfig);
        Assert.Null(InitChunk.Parse(false, value.AsSpan(0, 12)));
        Assert.Null(InitChunk.Parse(false, [0, 0, 0, 0, .. value[4..]])); // zero initiate tag is invalid
        Assert.Null(InitChunk.Parse(true, value)); // INIT-ACK without cookie
    }

    [Fact]
    public void SackChunk_RoundTrip_GapsAndDuplicates()
    {
        var sack = new SackChunk(1000, 65536, [new GapAckBlock(2, 3), new GapAckBlock(6, 6)], [995u, 996u]);
        var bytes = Serialize(sack);
        Assert.Equal(new byte[] { 3, 0, 0, 32, 0, 0, 3, 0xE8, 0, 1, 0, 0, 0, 2, 0, 2, 0, 2, 0, 3, 0, 6, 0, 6, 0, 0, 3, 0xE3, 0, 0, 3, 0xE4 }, bytes);
        var parsed = SackChunk.Parse(ReadSingle(bytes).Value)!;
        Assert.Equal(sack.CumulativeTsnAck, parsed.CumulativeTsnAck);
        Assert.Equal(sack.GapBlocks, parsed.GapBlocks);
        Assert.Equal(sack.DuplicateTsns, parsed.DuplicateTsns);
        Assert.Null(SackChunk.Parse(bytes.AsSpan(4, bytes.Length - 8))); // counts promise more than present
    }

    [Fact]
    public void ForwardTsnChunk_RoundTrip()
    {
        var chunk = new ForwardTsnChunk(0xFFFFFFFE, [new SkippedStream(3, 9), new SkippedStream(5, 0)]);
        var bytes = Serialize(chunk);
        Assert.Equal(new byte[] { 192, 0, 0, 16, 0xFF, 0xFF, 0xFF, 0xFE, 0, 3, 0, 9, 0, 5, 0, 0 }, bytes);
        var parsed = ForwardTsnChunk.Parse(ReadSingle(bytes).Value)!;
        Assert.Equal(chunk.NewCumulativeTsn, parsed.NewCumulativeTsn);
        Assert.Equal(chunk.Streams, parsed.Streams);
    }

    [Fact]
    public void ReConfigChunk_RequestAndResponse_RoundTrip()
    {
        var chunk = new ReConfigChunk([new OutgoingResetRequest(10, 20, 30, [1, 3, 5]), new ReConfigResponse(7, ReConfigResponse.SuccessPerformed)]);
        var bytes = Serialize(chunk);
        Assert.Equal(4 + 24 + 12, bytes.Length); // 22-byte request padded to 24
        var parsed = ReConfigChunk.Parse(ReadSingle(bytes).Value)!;
        var request = Assert.IsType<OutgoingResetRequest>(parsed.Parameters[0]);
        Assert.Equal((10u, 20u, 30u), (request.RequestSeq, request.ResponseSeq, request.LastTsn));
        Assert.Equal(new ushort[] { 1, 3, 5 }, request.Streams);
        var response = Assert.IsType<ReConfigResponse>(parsed.Parameters[1]);
        Assert.Equal((7u, 1u), (response.ResponseSeq, response.Result));
        Assert.Null(ReConfigChunk.Parse([0, 13, 0, 12, 0, 0, 0, 1, 0, 0, 0, 2])); // request shorter than its fixed fields
    }

    [Fact]
    public void ChunkReader_LengthBeyondPacket_Malformed()
    {
        var reader = new ChunkReader([0, 0, 0, 40, 1, 2, 3, 4]);
        Assert.False(reader.MoveNext());
        Assert.True(reader.Malformed);
        reader = new ChunkReader([11, 0, 0, 2]);
        Assert.False(reader.MoveNext());
        Assert.True(reader.Malformed);
    }

    [Fact]
    public void DcepOpen_HandMadeBytes_ParsedAndReserialised()
    {
        // Partially reliable (rexmit) unordered, priority 256, 3 retransmits, label "ab", protocol "p".
        byte[] bytes = [3, 0x81, 1, 0, 0, 0, 0, 3, 0, 2, 0, 1, (byte)'a', (byte)'b', (byte)'p'];
        var open = DcepOpen.Parse(bytes)!;
        Assert.True(open.Unordered);
        Assert.Equal("ab", open.Label);
        Assert.Equal("p", open.Protocol);
        var options = open.ToOptions(4);
        Assert.Equal(3, options.MaxRetransmits);
        Assert.False(options.Ordered);
        Assert.Null(options.MaxPacketLifetime);
        Assert.Equal(bytes, DcepOpen.FromOptions("ab", options).Serialize());
        Assert.Null(DcepOpen.Parse(bytes.AsSpan(0, 13))); // label/protocol past the end
        Assert.Null(DcepOpen.Parse([3, 0x05, .. bytes[2..]])); // unknown channel type
        Assert.Null(DcepOpen.Parse([.. bytes[..12], 0xFF, 0xFE, (byte)'p'])); // invalid UTF-8 label
    }

    [Fact]
    public void DcepOpen_Timed_MapsLifetime()
    {
        var open = DcepOpen.FromOptions("t", new DataChannelOptions { MaxPacketLifetime = TimeSpan.FromMilliseconds(1500) });
        Assert.Equal(DcepOpen.PartialReliableTimed, open.ChannelType);
        Assert.Equal(1500u, open.ReliabilityParameter);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), DcepOpen.Parse(open.Serialize())!.ToOptions(0).MaxPacketLifetime);
    }
}
