using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace WlWebRtc.Ice.Stun;

/// <summary>One STUN attribute as read from the wire: its type and its value without padding.</summary>
public readonly record struct StunAttributeEntry(ushort Type, ReadOnlyMemory<byte> Value);

/// <summary>An ERROR-CODE value: the code (300-699) and the reason phrase.</summary>
public readonly record struct StunError(int Code, string Reason);

/// <summary>
/// A parsed STUN message (RFC 8489). <see cref="Parse"/> checks the framing (header, cookie, attribute lengths,
/// nothing but FINGERPRINT after MESSAGE-INTEGRITY); value accessors check each value as they decode it. Every
/// malformed input ends in a <see cref="StunParseException"/>, never another exception.
/// </summary>
public sealed class StunMessage
{
    private readonly byte[] _raw;
    private readonly List<StunAttributeEntry> _attributes;

    private StunMessage(byte[] raw, List<StunAttributeEntry> attributes, int integrityOffset, int fingerprintOffset)
    {
        _raw = raw;
        _attributes = attributes;
        Type = BinaryPrimitives.ReadUInt16BigEndian(raw);
        TransactionId = raw.AsMemory(8, StunConstants.TransactionIdLength);
        IntegrityOffset = integrityOffset;
        FingerprintOffset = fingerprintOffset;
    }

    public ushort Type { get; }

    public StunMethod Method => StunMessageType.Method(Type);

    public StunClass Class => StunMessageType.Class(Type);

    public ReadOnlyMemory<byte> TransactionId { get; }

    public IReadOnlyList<StunAttributeEntry> Attributes => _attributes;

    /// <summary>The message as received.</summary>
    public ReadOnlyMemory<byte> Raw => _raw;

    /// <summary>Offset of the MESSAGE-INTEGRITY attribute in the message, or -1.</summary>
    internal int IntegrityOffset { get; }

    /// <summary>Offset of the FINGERPRINT attribute in the message, or -1.</summary>
    internal int FingerprintOffset { get; }

    public bool HasIntegrity => IntegrityOffset >= 0;

    public bool HasFingerprint => FingerprintOffset >= 0;

    /// <summary>The first two bits are zero (RFC 7983: first byte 0-3) and the magic cookie is in place.</summary>
    public static bool LooksLikeStun(ReadOnlySpan<byte> data) =>
        data.Length >= StunConstants.HeaderLength && data[0] < 4 && BinaryPrimitives.ReadUInt32BigEndian(data[4..]) == StunConstants.MagicCookie;

    public static StunMessage Parse(ReadOnlySpan<byte> data)
    {
        if (data.Length < StunConstants.HeaderLength)
        {
            throw new StunParseException($"A STUN message has at least {StunConstants.HeaderLength} bytes, got {data.Length}.");
        }

        if (!LooksLikeStun(data))
        {
            throw new StunParseException("Not a STUN message: the first two bits are not zero or the magic cookie is missing.");
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
        if ((length & 3) != 0)
        {
            throw new StunParseException($"A STUN message length is a multiple of 4, got {length}.");
        }

        if (length + StunConstants.HeaderLength != data.Length)
        {
            throw new StunParseException($"The STUN header says {length} bytes of attributes, the datagram carries {data.Length - StunConstants.HeaderLength}.");
        }

        var raw = data.ToArray();
        var attributes = new List<StunAttributeEntry>();
        var integrity = -1;
        var fingerprint = -1;
        var offset = StunConstants.HeaderLength;
        while (offset < raw.Length)
        {
            if (fingerprint >= 0)
            {
                throw new StunParseException("An attribute follows FINGERPRINT.");
            }

            if (offset + 4 > raw.Length)
            {
                throw new StunParseException("A truncated attribute header.");
            }

            var type = BinaryPrimitives.ReadUInt16BigEndian(raw.AsSpan(offset));
            var valueLength = BinaryPrimitives.ReadUInt16BigEndian(raw.AsSpan(offset + 2));
            var padded = (valueLength + 3) & ~3;
            if (offset + 4 + padded > raw.Length)
            {
                throw new StunParseException($"Attribute 0x{type:X4} of {valueLength} bytes runs past the end of the message.");
            }

            if (integrity >= 0 && type != StunAttributeType.Fingerprint && type != StunAttributeType.MessageIntegritySha256)
            {
                throw new StunParseException($"Attribute 0x{type:X4} follows MESSAGE-INTEGRITY.");
            }

            if (type == StunAttributeType.MessageIntegrity)
            {
                if (valueLength != StunConstants.MessageIntegrityLength)
                {
                    throw new StunParseException($"MESSAGE-INTEGRITY has 20 bytes, got {valueLength}.");
                }

                integrity = offset;
            }
            else if (type == StunAttributeType.Fingerprint)
            {
                if (valueLength != 4)
                {
                    throw new StunParseException($"FINGERPRINT has 4 bytes, got {valueLength}.");
                }

                fingerprint = offset;
            }

            attributes.Add(new StunAttributeEntry(type, raw.AsMemory(offset + 4, valueLength)));
            offset += 4 + padded;
        }

        return new StunMessage(raw, attributes, integrity, fingerprint);
    }

    /// <summary>Like <see cref="Parse"/>, without the exception.</summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out StunMessage? message)
    {
        message = null;
        if (!LooksLikeStun(data))
        {
            return false;
        }

        try
        {
            message = Parse(data);
            return true;
        }
        catch (StunParseException)
        {
            return false;
        }
    }

    public ReadOnlyMemory<byte>? Get(ushort type)
    {
        foreach (var a in _attributes)
        {
            if (a.Type == type)
            {
                return a.Value;
            }
        }

        return null;
    }

    public bool Has(ushort type) => Get(type) is not null;

    public string? Username => GetString(StunAttributeType.Username);

    public string? Realm => GetString(StunAttributeType.Realm);

    public string? Nonce => GetString(StunAttributeType.Nonce);

    public string? Software => GetString(StunAttributeType.Software);

    public uint? Priority => GetUInt32(StunAttributeType.Priority);

    public uint? Lifetime => GetUInt32(StunAttributeType.Lifetime);

    public ulong? IceControlling => GetUInt64(StunAttributeType.IceControlling);

    public ulong? IceControlled => GetUInt64(StunAttributeType.IceControlled);

    public bool UseCandidate => Has(StunAttributeType.UseCandidate);

    public ReadOnlyMemory<byte>? Data => Get(StunAttributeType.Data);

    public ushort? ChannelNumber
    {
        get
        {
            if (Get(StunAttributeType.ChannelNumber) is not { } v)
            {
                return null;
            }

            if (v.Length != 4)
            {
                throw new StunParseException($"CHANNEL-NUMBER has 4 bytes, got {v.Length}.");
            }

            return BinaryPrimitives.ReadUInt16BigEndian(v.Span);
        }
    }

    public StunError? Error
    {
        get
        {
            if (Get(StunAttributeType.ErrorCode) is not { } v)
            {
                return null;
            }

            if (v.Length < 4)
            {
                throw new StunParseException($"ERROR-CODE has at least 4 bytes, got {v.Length}.");
            }

            var s = v.Span;
            var code = ((s[2] & 0x7) * 100) + s[3];
            if (code is < 300 or > 699 || s[3] > 99)
            {
                throw new StunParseException($"ERROR-CODE class {s[2] & 0x7} number {s[3]} is not a code from 300 to 699.");
            }

            return new StunError(code, DecodeUtf8(s[4..], "ERROR-CODE reason"));
        }
    }

    public IPEndPoint? XorMappedAddress => GetXorAddress(StunAttributeType.XorMappedAddress);

    public IPEndPoint? XorRelayedAddress => GetXorAddress(StunAttributeType.XorRelayedAddress);

    public IPEndPoint? XorPeerAddress => GetXorAddress(StunAttributeType.XorPeerAddress);

    public IPEndPoint? MappedAddress => Get(StunAttributeType.MappedAddress) is { } v ? StunAddress.Decode(v.Span, default, xor: false) : null;

    public IPEndPoint? GetXorAddress(ushort type) => Get(type) is { } v ? StunAddress.Decode(v.Span, TransactionId.Span, xor: true) : null;

    /// <summary>Comprehension-required attributes this library does not know (a request carrying one gets a 420).</summary>
    public IReadOnlyList<ushort> UnknownComprehensionRequired()
    {
        List<ushort>? unknown = null;
        foreach (var a in _attributes)
        {
            if (StunAttributeType.IsComprehensionRequired(a.Type) && !KnownAttributes.Contains(a.Type))
            {
                (unknown ??= []).Add(a.Type);
            }
        }

        return unknown ?? (IReadOnlyList<ushort>)[];
    }

    /// <summary>Checks MESSAGE-INTEGRITY (HMAC-SHA1) with a key from <see cref="StunIntegrity"/>.</summary>
    public bool VerifyIntegrity(ReadOnlySpan<byte> key)
    {
        if (IntegrityOffset < 0)
        {
            return false;
        }

        Span<byte> mac = stackalloc byte[StunConstants.MessageIntegrityLength];
        StunIntegrity.ComputeIntegrity(_raw.AsSpan(0, IntegrityOffset), key, mac);
        return System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(mac, _raw.AsSpan(IntegrityOffset + 4, StunConstants.MessageIntegrityLength));
    }

    public bool VerifyFingerprint() =>
        FingerprintOffset >= 0 &&
        StunIntegrity.ComputeFingerprint(_raw.AsSpan(0, FingerprintOffset)) == BinaryPrimitives.ReadUInt32BigEndian(_raw.AsSpan(FingerprintOffset + 4));

    public override string ToString() => $"{Method} {Class} ({_attributes.Count} attributes)";

    private static readonly HashSet<ushort> KnownAttributes =
    [
        StunAttributeType.MappedAddress, StunAttributeType.Username, StunAttributeType.MessageIntegrity, StunAttributeType.ErrorCode,
        StunAttributeType.UnknownAttributes, StunAttributeType.ChannelNumber, StunAttributeType.Lifetime, StunAttributeType.XorPeerAddress,
        StunAttributeType.Data, StunAttributeType.Realm, StunAttributeType.Nonce, StunAttributeType.XorRelayedAddress,
        StunAttributeType.RequestedAddressFamily, StunAttributeType.RequestedTransport, StunAttributeType.DontFragment,
        StunAttributeType.MessageIntegritySha256, StunAttributeType.XorMappedAddress, StunAttributeType.Priority, StunAttributeType.UseCandidate,
    ];

    private string? GetString(ushort type) => Get(type) is { } v ? DecodeUtf8(v.Span, $"attribute 0x{type:X4}") : null;

    private uint? GetUInt32(ushort type)
    {
        if (Get(type) is not { } v)
        {
            return null;
        }

        return v.Length == 4 ? BinaryPrimitives.ReadUInt32BigEndian(v.Span) : throw new StunParseException($"Attribute 0x{type:X4} has 4 bytes, got {v.Length}.");
    }

    private ulong? GetUInt64(ushort type)
    {
        if (Get(type) is not { } v)
        {
            return null;
        }

        return v.Length == 8 ? BinaryPrimitives.ReadUInt64BigEndian(v.Span) : throw new StunParseException($"Attribute 0x{type:X4} has 8 bytes, got {v.Length}.");
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static string DecodeUtf8(ReadOnlySpan<byte> value, string what)
    {
        try
        {
            return StrictUtf8.GetString(value);
        }
        catch (DecoderFallbackException e)
        {
            throw new StunParseException($"The {what} is not UTF-8.", e);
        }
    }
}
