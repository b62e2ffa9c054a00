using System.Buffers.Binary;

namespace WlWebRtc.Rtp.Packets;

/// <summary>
/// The fixed RTP header (RFC 3550 section 5.1) plus where the CSRCs, header extension, payload and padding lie.
/// Offsets refer to the packet the header was parsed from.
/// </summary>
public readonly record struct RtpHeader
{
    /// <summary>The one-byte header extension profile (RFC 8285 section 4.2).</summary>
    public const ushort OneByteExtensionProfile = 0xBEDE;

    /// <summary>The fixed header's length.</summary>
    public const int FixedLength = 12;

    public bool Padding { get; init; }

    public bool HasExtension { get; init; }

    public int CsrcCount { get; init; }

    public bool Marker { get; init; }

    public byte PayloadType { get; init; }

    public ushort SequenceNumber { get; init; }

    public uint Timestamp { get; init; }

    public uint Ssrc { get; init; }

    /// <summary>The extension's "defined by profile" field (0xBEDE one-byte, 0x100x two-byte), 0 if none.</summary>
    public ushort ExtensionProfile { get; init; }

    /// <summary>Offset of the extension data (after its 4-byte header).</summary>
    public int ExtensionOffset { get; init; }

    /// <summary>Length of the extension data in bytes.</summary>
    public int ExtensionLength { get; init; }

    /// <summary>Header length including CSRCs and extension: where the payload starts.</summary>
    public int HeaderLength { get; init; }

    /// <summary>Padding bytes at the end (0 unless <see cref="Padding"/>; 0 if padding was not read).</summary>
    public int PaddingLength { get; init; }

    /// <summary>Payload length (packet minus header minus padding).</summary>
    public int PayloadLength { get; init; }

    /// <summary>
    /// Parses an RTP header. With <paramref name="readPadding"/> false (an SRTP packet whose padding is still
    /// encrypted), the padding is left in the payload.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out RtpHeader header, bool readPadding = true)
    {
        header = default;
        if (packet.Length < FixedLength || (packet[0] >> 6) != 2)
        {
            return false;
        }

        var padding = (packet[0] & 0x20) != 0;
        var hasExtension = (packet[0] & 0x10) != 0;
        var csrcCount = packet[0] & 0x0F;
        var offset = FixedLength + (4 * csrcCount);
        if (offset > packet.Length)
        {
            return false;
        }

        ushort profile = 0;
        var extensionOffset = 0;
        var extensionLength = 0;
        if (hasExtension)
        {
            if (offset + 4 > packet.Length)
            {
                return false;
            }

            profile = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(offset, 2));
            extensionLength = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(offset + 2, 2)) * 4;
            extensionOffset = offset + 4;
            offset = extensionOffset + extensionLength;
            if (offset > packet.Length)
            {
                return false;
            }
        }

        var paddingLength = 0;
        if (padding && readPadding)
        {
            paddingLength = packet[^1];
            if (paddingLength == 0 || offset + paddingLength > packet.Length)
            {
                return false;
            }
        }

        header = new RtpHeader
        {
            Padding = padding,
            HasExtension = hasExtension,
            CsrcCount = csrcCount,
            Marker = (packet[1] & 0x80) != 0,
            PayloadType = (byte)(packet[1] & 0x7F),
            SequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(2, 2)),
            Timestamp = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(4, 4)),
            Ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(8, 4)),
            ExtensionProfile = profile,
            ExtensionOffset = extensionOffset,
            ExtensionLength = extensionLength,
            HeaderLength = offset,
            PaddingLength = paddingLength,
            PayloadLength = packet.Length - offset - paddingLength,
        };
        return true;
    }

    /// <summary>Whether the extension block uses the two-byte form (RFC 8285 section 4.3: 0x100 in the top 12 bits).</summary>
    public bool IsTwoByteExtension => (ExtensionProfile & 0xFFF0) == 0x1000;

    /// <summary>Finds the header extension element with this id (one-byte or two-byte form); false if absent.</summary>
    public bool TryGetExtension(ReadOnlySpan<byte> packet, int id, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (!HasExtension || id <= 0 || ExtensionOffset + ExtensionLength > packet.Length)
        {
            return false;
        }

        var enumerator = new RtpExtensionEnumerator(packet.Slice(ExtensionOffset, ExtensionLength), ExtensionProfile);
        while (enumerator.MoveNext())
        {
            if (enumerator.CurrentId == id)
            {
                value = enumerator.CurrentValue;
                return true;
            }
        }

        return false;
    }
}
