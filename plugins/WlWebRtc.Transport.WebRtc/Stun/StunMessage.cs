using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace WlWebRtc.Transport.WebRtc.Stun;

/// <summary>One STUN attribute as read from the wire: its type and the value (without padding).</summary>
internal readonly record struct StunAttribute(ushort Type, ReadOnlyMemory<byte> Value);

/// <summary>
/// A parsed STUN message (RFC 8489). Parsing checks the framing only; <see cref="VerifyIntegrity"/> and
/// <see cref="VerifyFingerprint"/> check the two trailing attributes against the raw bytes.
/// </summary>
internal sealed class StunMessage
{
    private readonly byte[] _raw;

    private StunMessage(byte[] raw, ushort type, byte[] transactionId, List<StunAttribute> attributes, int integrityOffset, int fingerprintOffset)
    {
        _raw = raw;
        Type = type;
        TransactionId = transactionId;
        Attributes = attributes;
        IntegrityOffset = integrityOffset;
        FingerprintOffset = fingerprintOffset;
    }

    public ushort Type { get; }

    public byte[] TransactionId { get; }

    public IReadOnlyList<StunAttribute> Attributes { get; }

    /// <summary>Offset of the MESSAGE-INTEGRITY attribute header in the message, or -1.</summary>
    public int IntegrityOffset { get; }

    /// <summary>Offset of the FINGERPRINT attribute header in the message, or -1.</summary>
    public int FingerprintOffset { get; }

    public bool HasIntegrity => IntegrityOffset >= 0;

    public bool HasFingerprint => FingerprintOffset >= 0;

    /// <summary>Quick check used by the demultiplexer: the first byte says STUN (RFC 7983: 0..3) and the cookie is present.</summary>
    public static bool LooksLikeStun(ReadOnlySpan<byte> data) =>
        data.Length >= StunConstants.HeaderLength && data[0] < 4 && BinaryPrimitives.ReadUInt32BigEndian(data[4..]) == StunConstants.MagicCookie;

    public static bool TryParse(ReadOnlySpan<byte> data, out StunMessage? message)
    {
        message = null;
        if (!LooksLikeStun(data))
        {
            return false;
        }

        var type = BinaryPrimitives.ReadUInt16BigEndian(data);
        if ((type & 0xC000) != 0)
        {
            return false;
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
        if ((length & 3) != 0 || length + StunConstants.HeaderLength != data.Length)
        {
            return false;
        }

        var raw = data.ToArray();
        var attributes = new List<StunAttribute>();
        var integrity = -1;
        var fingerprint = -1;
        var offset = StunConstants.HeaderLength;
        while (offset < raw.Length)
        {
            if (offset + 4 > raw.Length || fingerprint >= 0)
            {
                return false; // truncated header, or something after FINGERPRINT
            }

            var attrType = BinaryPrimitives.ReadUInt16BigEndian(raw.AsSpan(offset));
            var attrLength = BinaryPrimitives.ReadUInt16BigEndian(raw.AsSpan(offset + 2));
            var padded = (attrLength + 3) & ~3;
            if (offset + 4 + padded > raw.Length)
            {
                return false;
            }

            if (integrity >= 0 && attrType != StunAttributeType.Fingerprint)
            {
                return false; // only FINGERPRINT may follow MESSAGE-INTEGRITY
            }

            switch (attrType)
            {
                case StunAttributeType.MessageIntegrity:
                    if (attrLength != StunConstants.MessageIntegrityLength)
                    {
                        return false;
                    }

                    integrity = offset;
                    break;
                case StunAttributeType.Fingerprint:
                    if (attrLength != 4)
                    {
                        return false;
                    }

                    fingerprint = offset;
                    break;
                default:
                    break;
            }

            attributes.Add(new StunAttribute(attrType, raw.AsMemory(offset + 4, attrLength)));
            offset += 4 + padded;
        }

        message = new StunMessage(raw, type, raw.AsSpan(8, 12).ToArray(), attributes, integrity, fingerprint);
        return true;
    }

    public ReadOnlyMemory<byte>? Get(ushort type)
    {
        foreach (var a in Attributes)
        {
            if (a.Type == type)
            {
                return a.Value;
            }
        }

        return null;
    }

    public bool Has(ushort type) => Get(type) is not null;

    public string? Username => Get(StunAttributeType.Username) is { } v ? System.Text.Encoding.UTF8.GetString(v.Span) : null;

    public uint? Priority => Get(StunAttributeType.Priority) is { Length: 4 } v ? BinaryPrimitives.ReadUInt32BigEndian(v.Span) : null;

    public ulong? IceControlling => Get(StunAttributeType.IceControlling) is { Length: 8 } v ? BinaryPrimitives.ReadUInt64BigEndian(v.Span) : null;

    public ulong? IceControlled => Get(StunAttributeType.IceControlled) is { Length: 8 } v ? BinaryPrimitives.ReadUInt64BigEndian(v.Span) : null;

    public (int Code, string Reason)? ErrorCode
    {
        get
        {
            if (Get(StunAttributeType.ErrorCode) is not { Length: >= 4 } v)
            {
                return null;
            }

            var s = v.Span;
            return ((s[2] & 0x7) * 100 + s[3], System.Text.Encoding.UTF8.GetString(s[4..]));
        }
    }

    public IPEndPoint? XorMappedAddress => Get(StunAttributeType.XorMappedAddress) is { } v ? StunAddress.DecodeXor(v.Span, TransactionId) : null;

    /// <summary>Checks MESSAGE-INTEGRITY (HMAC-SHA1 with the short-term credential <paramref name="key"/>).</summary>
    public bool VerifyIntegrity(ReadOnlySpan<byte> key)
    {
        if (IntegrityOffset < 0)
        {
            return false;
        }

        Span<byte> mac = stackalloc byte[20];
        ComputeIntegrity(_raw.AsSpan(0, IntegrityOffset), key, mac);
        return CryptographicOperations.FixedTimeEquals(mac, _raw.AsSpan(IntegrityOffset + 4, 20));
    }

    public bool VerifyFingerprint() =>
        FingerprintOffset >= 0 &&
        ComputeFingerprint(_raw.AsSpan(0, FingerprintOffset)) == BinaryPrimitives.ReadUInt32BigEndian(_raw.AsSpan(FingerprintOffset + 4));

    /// <summary>
    /// HMAC-SHA1 over the message up to (not including) the MESSAGE-INTEGRITY attribute, with the header's
    /// length field set as if MESSAGE-INTEGRITY were the last attribute (RFC 8489 section 14.5).
    /// </summary>
    internal static void ComputeIntegrity(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> key, Span<byte> mac)
    {
        Span<byte> header = stackalloc byte[StunConstants.HeaderLength];
        prefix[..StunConstants.HeaderLength].CopyTo(header);
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)(prefix.Length - StunConstants.HeaderLength + 24));
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, key);
        hmac.AppendData(header);
        hmac.AppendData(prefix[StunConstants.HeaderLength..]);
        hmac.GetHashAndReset(mac);
    }

    /// <summary>CRC-32 of the message up to the FINGERPRINT attribute, XOR 0x5354554E (RFC 8489 section 14.7).</summary>
    internal static uint ComputeFingerprint(ReadOnlySpan<byte> prefixWithFinalLength) =>
        System.IO.Hashing.Crc32.HashToUInt32(prefixWithFinalLength) ^ StunConstants.FingerprintXor;
}

/// <summary>Encodes and decodes (XOR-)MAPPED-ADDRESS values.</summary>
internal static class StunAddress
{
    public static IPEndPoint? DecodeXor(ReadOnlySpan<byte> value, ReadOnlySpan<byte> transactionId)
    {
        if (value.Length < 4)
        {
            return null;
        }

        var family = value[1];
        var port = (ushort)(BinaryPrimitives.ReadUInt16BigEndian(value[2..]) ^ (StunConstants.MagicCookie >> 16));
        Span<byte> mask = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(mask, StunConstants.MagicCookie);
        transactionId.CopyTo(mask[4..]);
        var addressLength = family switch
        {
            1 => 4,
            2 => 16,
            _ => 0,
        };
        if (addressLength == 0 || value.Length != 4 + addressLength)
        {
            return null;
        }

        Span<byte> address = stackalloc byte[addressLength];
        for (var i = 0; i < addressLength; i++)
        {
            address[i] = (byte)(value[4 + i] ^ mask[i]);
        }

        return new IPEndPoint(new IPAddress(address), port);
    }

    public static byte[] EncodeXor(IPEndPoint endPoint, ReadOnlySpan<byte> transactionId)
    {
        var v6 = endPoint.AddressFamily == AddressFamily.InterNetworkV6;
        var address = endPoint.Address.GetAddressBytes();
        var value = new byte[4 + address.Length];
        value[1] = (byte)(v6 ? 2 : 1);
        BinaryPrimitives.WriteUInt16BigEndian(value.AsSpan(2), (ushort)(endPoint.Port ^ (StunConstants.MagicCookie >> 16)));
        Span<byte> mask = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(mask, StunConstants.MagicCookie);
        transactionId.CopyTo(mask[4..]);
        for (var i = 0; i < address.Length; i++)
        {
            value[4 + i] = (byte)(address[i] ^ mask[i]);
        }

        return value;
    }
}
