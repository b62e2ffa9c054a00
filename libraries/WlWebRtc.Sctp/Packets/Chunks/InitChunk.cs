using System.Buffers.Binary;

namespace WlWebRtc.Sctp.Packets.Chunks;

/// <summary>INIT and INIT-ACK (RFC 9260 §3.3.2-3) with the parameters WebRTC uses.</summary>
internal sealed record InitChunk : IChunk
{
    public const ushort ParamStateCookie = 7;
    public const ushort ParamForwardTsnSupported = 0xC000;
    public const ushort ParamSupportedExtensions = 0x8008;

    public bool IsAck { get; init; }
    public uint InitiateTag { get; init; }
    public uint ARwnd { get; init; }
    public ushort OutboundStreams { get; init; }
    public ushort InboundStreams { get; init; }
    public uint InitialTsn { get; init; }
    public bool ForwardTsnSupported { get; init; }
    public IReadOnlyList<byte> SupportedExtensions { get; init; } = [];
    public ReadOnlyMemory<byte> StateCookie { get; init; }

    public bool SupportsReConfig => SupportedExtensions.Contains((byte)ChunkType.ReConfig);

    public bool SupportsForwardTsn => ForwardTsnSupported || SupportedExtensions.Contains((byte)ChunkType.ForwardTsn);

    public int Length
    {
        get
        {
            var length = 20;
            if (ForwardTsnSupported)
                length += 4;
            if (SupportedExtensions.Count > 0)
                length += SctpPacket.Padded(4 + SupportedExtensions.Count);
            if (IsAck)
                length += 4 + StateCookie.Length;
            return length;
        }
    }

    public void WriteTo(Span<byte> destination)
    {
        var length = Length;
        destination[..length].Clear();
        SctpPacket.WriteChunkHeader(destination, IsAck ? ChunkType.InitAck : ChunkType.Init, 0, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], InitiateTag);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], ARwnd);
        BinaryPrimitives.WriteUInt16BigEndian(destination[12..], OutboundStreams);
        BinaryPrimitives.WriteUInt16BigEndian(destination[14..], InboundStreams);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], InitialTsn);
        var at = 20;
        if (ForwardTsnSupported)
        {
            WriteParamHeader(destination[at..], ParamForwardTsnSupported, 4);
            at += 4;
        }
        if (SupportedExtensions.Count > 0)
        {
            WriteParamHeader(destination[at..], ParamSupportedExtensions, 4 + SupportedExtensions.Count);
            for (var i = 0; i < SupportedExtensions.Count; i++)
                destination[at + 4 + i] = SupportedExtensions[i];
            at += SctpPacket.Padded(4 + SupportedExtensions.Count);
        }
        if (IsAck)
        {
            // The cookie goes last so that its own padding is the chunk's trailing padding.
            WriteParamHeader(destination[at..], ParamStateCookie, 4 + StateCookie.Length);
            StateCookie.Span.CopyTo(destination[(at + 4)..]);
        }
    }

    private static void WriteParamHeader(Span<byte> destination, ushort type, int length)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, type);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)length);
    }

    /// <summary>Parses the value of an INIT or INIT-ACK; null when malformed (RFC 9260 §3.3.2: zero tag or streams are invalid).</summary>
    public static InitChunk? Parse(bool isAck, ReadOnlySpan<byte> value)
    {
        if (value.Length < 16)
            return null;
        var chunk = new InitChunk
        {
            IsAck = isAck,
            InitiateTag = BinaryPrimitives.ReadUInt32BigEndian(value),
            ARwnd = BinaryPrimitives.ReadUInt32BigEndian(value[4..]),
            OutboundStreams = BinaryPrimitives.ReadUInt16BigEndian(value[8..]),
            InboundStreams = BinaryPrimitives.ReadUInt16BigEndian(value[10..]),
            InitialTsn = BinaryPrimitives.ReadUInt32BigEndian(value[12..]),
        };
        if (chunk.InitiateTag == 0 || chunk.OutboundStreams == 0 || chunk.InboundStreams == 0)
            return null;
        var forwardTsn = false;
        byte[] extensions = [];
        ReadOnlyMemory<byte> cookie = default;
        var hasCookie = false;
        var rest = value[16..];
        while (rest.Length >= 4)
        {
            var type = BinaryPrimitives.ReadUInt16BigEndian(rest);
            int length = BinaryPrimitives.ReadUInt16BigEndian(rest[2..]);
            if (length < 4 || length > rest.Length)
                return null;
            var body = rest[4..length];
            switch (type)
            {
                case ParamStateCookie:
                    cookie = body.ToArray();
                    hasCookie = true;
                    break;
                case ParamForwardTsnSupported:
                    forwardTsn = true;
                    break;
                case ParamSupportedExtensions:
                    extensions = body.ToArray();
                    break;
                default:
                    // Upper two bits 00/01: stop processing further parameters (RFC 9260 §3.2.1); 10/11: skip this one.
                    if ((type & 0x8000) == 0)
                        rest = default;
                    break;
            }
            if (rest.IsEmpty)
                break;
            rest = rest[Math.Min(rest.Length, SctpPacket.Padded(length))..];
        }
        if (isAck && !hasCookie)
            return null;
        return chunk with { ForwardTsnSupported = forwardTsn, SupportedExtensions = extensions, StateCookie = cookie };
    }
}
