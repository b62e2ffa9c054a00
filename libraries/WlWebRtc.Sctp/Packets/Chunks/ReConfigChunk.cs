using System.Buffers.Binary;

namespace WlWebRtc.Sctp.Packets.Chunks;

/// <summary>A RE-CONFIG parameter (RFC 6525 §4).</summary>
internal abstract record ReConfigParameter
{
    public abstract int Length { get; }

    public abstract void WriteTo(Span<byte> destination);

    protected static void WriteHeader(Span<byte> destination, ushort type, int length)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, type);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)length);
    }
}

/// <summary>Outgoing SSN Reset Request (type 13): the sender resets its outgoing streams (our incoming ones).</summary>
internal sealed record OutgoingResetRequest(uint RequestSeq, uint ResponseSeq, uint LastTsn, IReadOnlyList<ushort> Streams) : ReConfigParameter
{
    public const ushort Type = 13;

    public override int Length => 16 + 2 * Streams.Count;

    public override void WriteTo(Span<byte> destination)
    {
        WriteHeader(destination, Type, Length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], RequestSeq);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], ResponseSeq);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], LastTsn);
        for (var i = 0; i < Streams.Count; i++)
            BinaryPrimitives.WriteUInt16BigEndian(destination[(16 + 2 * i)..], Streams[i]);
    }
}

/// <summary>Incoming SSN Reset Request (type 14): the sender asks us to reset our outgoing streams.</summary>
internal sealed record IncomingResetRequest(uint RequestSeq, IReadOnlyList<ushort> Streams) : ReConfigParameter
{
    public const ushort Type = 14;

    public override int Length => 8 + 2 * Streams.Count;

    public override void WriteTo(Span<byte> destination)
    {
        WriteHeader(destination, Type, Length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], RequestSeq);
        for (var i = 0; i < Streams.Count; i++)
            BinaryPrimitives.WriteUInt16BigEndian(destination[(8 + 2 * i)..], Streams[i]);
    }
}

/// <summary>Re-configuration Response (type 16).</summary>
internal sealed record ReConfigResponse(uint ResponseSeq, uint Result) : ReConfigParameter
{
    public const ushort Type = 16;
    public const uint SuccessNothingToDo = 0;
    public const uint SuccessPerformed = 1;
    public const uint Denied = 2;
    public const uint ErrorBadSequenceNumber = 5;
    public const uint InProgress = 6;

    public override int Length => 12;

    public override void WriteTo(Span<byte> destination)
    {
        WriteHeader(destination, Type, Length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ResponseSeq);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], Result);
    }
}

/// <summary>A parameter we do not act on (SSN/TSN reset, add streams…), kept to answer it.</summary>
internal sealed record UnknownReConfigParameter(ushort ParameterType, uint RequestSeq, ReadOnlyMemory<byte> Value) : ReConfigParameter
{
    public override int Length => 4 + Value.Length;

    public override void WriteTo(Span<byte> destination)
    {
        WriteHeader(destination, ParameterType, Length);
        Value.Span.CopyTo(destination[4..]);
    }
}

/// <summary>RE-CONFIG (RFC 6525 §3.1): one or two parameters.</summary>
internal sealed record ReConfigChunk(IReadOnlyList<ReConfigParameter> Parameters) : IChunk
{
    public int Length
    {
        get
        {
            var length = SctpPacket.ChunkHeaderSize;
            for (var i = 0; i < Parameters.Count; i++)
                length += i == Parameters.Count - 1 ? Parameters[i].Length : SctpPacket.Padded(Parameters[i].Length);
            return length;
        }
    }

    public void WriteTo(Span<byte> destination)
    {
        var length = Length;
        destination[..length].Clear();
        SctpPacket.WriteChunkHeader(destination, ChunkType.ReConfig, 0, length);
        var at = SctpPacket.ChunkHeaderSize;
        foreach (var p in Parameters)
        {
            p.WriteTo(destination[at..]);
            at += SctpPacket.Padded(p.Length);
        }
    }

    public static ReConfigChunk? Parse(ReadOnlySpan<byte> value)
    {
        var parameters = new List<ReConfigParameter>(2);
        var rest = value;
        while (rest.Length >= 4)
        {
            var type = BinaryPrimitives.ReadUInt16BigEndian(rest);
            int length = BinaryPrimitives.ReadUInt16BigEndian(rest[2..]);
            if (length < 8 || length > rest.Length)
                return null;
            var body = rest[4..length];
            ReConfigParameter? parameter = type switch
            {
                OutgoingResetRequest.Type when length >= 16 && length % 2 == 0 => new OutgoingResetRequest(
                    BinaryPrimitives.ReadUInt32BigEndian(body), BinaryPrimitives.ReadUInt32BigEndian(body[4..]),
                    BinaryPrimitives.ReadUInt32BigEndian(body[8..]), ReadStreams(body[12..])),
                IncomingResetRequest.Type when length % 2 == 0 => new IncomingResetRequest(BinaryPrimitives.ReadUInt32BigEndian(body), ReadStreams(body[4..])),
                ReConfigResponse.Type when length >= 12 => new ReConfigResponse(BinaryPrimitives.ReadUInt32BigEndian(body), BinaryPrimitives.ReadUInt32BigEndian(body[4..])),
                OutgoingResetRequest.Type or IncomingResetRequest.Type or ReConfigResponse.Type => null,
                _ => new UnknownReConfigParameter(type, BinaryPrimitives.ReadUInt32BigEndian(body), body.ToArray()),
            };
            if (parameter is null)
                return null;
            parameters.Add(parameter);
            rest = rest[Math.Min(rest.Length, SctpPacket.Padded(length))..];
        }
        return parameters.Count is 0 or > 2 ? null : new ReConfigChunk(parameters);
    }

    private static ushort[] ReadStreams(ReadOnlySpan<byte> body)
    {
        var streams = new ushort[body.Length / 2];
        for (var i = 0; i < streams.Length; i++)
            streams[i] = BinaryPrimitives.ReadUInt16BigEndian(body[(2 * i)..]);
        return streams;
    }
}
