using System.Buffers.Binary;

namespace WlWebRtc.Rtp.Packets;

/// <summary>Writes RTP headers and RFC 8285 header extension blocks into a caller's buffer.</summary>
internal static class RtpHeaderWriter
{
    /// <summary>Writes the 12-byte fixed header (no CSRCs) and returns 12.</summary>
    public static int WriteFixed(Span<byte> destination, bool marker, byte payloadType, ushort sequenceNumber, uint timestamp, uint ssrc, bool hasExtension)
    {
        destination[0] = (byte)(0x80 | (hasExtension ? 0x10 : 0));
        destination[1] = (byte)((marker ? 0x80 : 0) | (payloadType & 0x7F));
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(2, 2), sequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4, 4), timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(8, 4), ssrc);
        return RtpHeader.FixedLength;
    }

    /// <summary>Starts an extension block at <paramref name="offset"/>; returns where elements go.</summary>
    public static int BeginExtensions(Span<byte> destination, int offset, bool twoByte)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(offset, 2), twoByte ? (ushort)0x1000 : RtpHeader.OneByteExtensionProfile);
        return offset + 4;
    }

    /// <summary>Appends one element (one-byte form: id 1-14, 1-16 bytes; two-byte form: id 1-255, 0-255 bytes).</summary>
    public static int AddElement(Span<byte> destination, int offset, bool twoByte, int id, ReadOnlySpan<byte> value)
    {
        if (twoByte)
        {
            if (id is < 1 or > 255 || value.Length > 255)
            {
                throw new ArgumentOutOfRangeException(nameof(id), "Two-byte extension ids are 1-255 with up to 255 bytes.");
            }

            destination[offset] = (byte)id;
            destination[offset + 1] = (byte)value.Length;
            value.CopyTo(destination[(offset + 2)..]);
            return offset + 2 + value.Length;
        }

        if (id is < 1 or > 14 || value.Length is < 1 or > 16)
        {
            throw new ArgumentOutOfRangeException(nameof(id), "One-byte extension ids are 1-14 with 1-16 bytes.");
        }

        destination[offset] = (byte)((id << 4) | (value.Length - 1));
        value.CopyTo(destination[(offset + 1)..]);
        return offset + 1 + value.Length;
    }

    /// <summary>Pads the block to 32 bits, writes its length and returns the header's end.</summary>
    public static int EndExtensions(Span<byte> destination, int blockStart, int offset)
    {
        while ((offset - blockStart) % 4 != 0)
        {
            destination[offset++] = 0;
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(blockStart - 2, 2), (ushort)((offset - blockStart) / 4));
        return offset;
    }
}
