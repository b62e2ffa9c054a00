using System.Buffers.Binary;
using WlWebRtc.Ice.Stun;

namespace WlWebRtc.Ice.Turn;

/// <summary>
/// Cuts a TCP or TLS byte stream to a TURN server into messages (RFC 8656 section 12.5, RFC 6062): a STUN
/// message is 20 bytes of header plus its length; a ChannelData message is 4 bytes plus its length padded to
/// a multiple of 4. Anything else means the stream is out of step and cannot be recovered.
/// </summary>
internal sealed class TurnStreamFramer
{
    private readonly Stream _stream;
    private readonly byte[] _header = new byte[4];

    public TurnStreamFramer(Stream stream)
    {
        _stream = stream;
    }

    /// <summary>The next whole message (STUN or ChannelData, padding included), or null at the end of the stream.</summary>
    public async ValueTask<byte[]?> ReadAsync(CancellationToken cancellationToken)
    {
        if (!await ReadExactlyOrEndAsync(_header, cancellationToken))
        {
            return null;
        }

        var total = FrameLength(_header);
        var frame = new byte[total];
        _header.CopyTo(frame, 0);
        await _stream.ReadExactlyAsync(frame.AsMemory(4), cancellationToken);
        return frame;
    }

    /// <summary>The whole length of a message from its first 4 bytes.</summary>
    public static int FrameLength(ReadOnlySpan<byte> header)
    {
        var length = BinaryPrimitives.ReadUInt16BigEndian(header[2..]);
        return (header[0] >> 6) switch
        {
            0 when (length & 3) == 0 => StunConstants.HeaderLength + length,
            0 => throw new StunParseException($"A STUN message length is a multiple of 4, got {length}."),
            1 => ChannelData.HeaderLength + ((length + 3) & ~3),
            _ => throw new StunParseException($"First byte 0x{header[0]:X2} starts neither STUN nor ChannelData: the stream is out of step."),
        };
    }

    private async ValueTask<bool> ReadExactlyOrEndAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await _stream.ReadAsync(buffer[read..], cancellationToken);
            if (n == 0)
            {
                return read == 0 ? false : throw new EndOfStreamException("The TURN server closed the stream inside a message.");
            }

            read += n;
        }

        return true;
    }
}
