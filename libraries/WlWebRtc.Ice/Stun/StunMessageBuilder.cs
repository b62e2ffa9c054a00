using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace WlWebRtc.Ice.Stun;

/// <summary>Builds a STUN message: attributes in order, then optional MESSAGE-INTEGRITY and FINGERPRINT.</summary>
public sealed class StunMessageBuilder
{
    private readonly List<(ushort Type, byte[] Value)> _attributes = [];

    public StunMessageBuilder(StunMethod method, StunClass messageClass, ReadOnlySpan<byte> transactionId)
    {
        if (transactionId.Length != StunConstants.TransactionIdLength)
        {
            throw new ArgumentException("A STUN transaction id has 12 bytes.", nameof(transactionId));
        }

        Type = StunMessageType.Encode(method, messageClass);
        TransactionId = transactionId.ToArray();
    }

    public ushort Type { get; }

    public byte[] TransactionId { get; }

    /// <summary>A fresh random transaction id (RFC 8489 section 6: uniformly random, 96 bits).</summary>
    public static byte[] NewTransactionId() => RandomNumberGenerator.GetBytes(StunConstants.TransactionIdLength);

    /// <summary>A request with a fresh transaction id.</summary>
    public static StunMessageBuilder Request(StunMethod method) => new(method, StunClass.Request, NewTransactionId());

    public StunMessageBuilder Add(ushort type, byte[] value)
    {
        if (value.Length > ushort.MaxValue)
        {
            throw new ArgumentException("A STUN attribute value has at most 65535 bytes.", nameof(value));
        }

        _attributes.Add((type, value));
        return this;
    }

    public StunMessageBuilder AddString(ushort type, string value) => Add(type, Encoding.UTF8.GetBytes(value));

    public StunMessageBuilder AddUInt32(ushort type, uint value)
    {
        var v = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(v, value);
        return Add(type, v);
    }

    public StunMessageBuilder AddUInt64(ushort type, ulong value)
    {
        var v = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(v, value);
        return Add(type, v);
    }

    public StunMessageBuilder AddXorAddress(ushort type, IPEndPoint endPoint) => Add(type, StunAddress.Encode(endPoint, TransactionId, xor: true));

    public StunMessageBuilder AddErrorCode(int code, string reason)
    {
        var text = Encoding.UTF8.GetBytes(reason);
        var v = new byte[4 + text.Length];
        v[2] = (byte)(code / 100);
        v[3] = (byte)(code % 100);
        text.CopyTo(v, 4);
        return Add(StunAttributeType.ErrorCode, v);
    }

    /// <summary>CHANNEL-NUMBER: the number followed by two reserved bytes (RFC 8656 section 18.1).</summary>
    public StunMessageBuilder AddChannelNumber(ushort channel)
    {
        var v = new byte[4];
        BinaryPrimitives.WriteUInt16BigEndian(v, channel);
        return Add(StunAttributeType.ChannelNumber, v);
    }

    /// <summary>REQUESTED-TRANSPORT: the protocol number then three reserved bytes (17 = UDP).</summary>
    public StunMessageBuilder AddRequestedTransport(byte protocol) => Add(StunAttributeType.RequestedTransport, [protocol, 0, 0, 0]);

    public byte[] Build(ReadOnlySpan<byte> integrityKey = default, bool fingerprint = true)
    {
        var bodyLength = 0;
        foreach (var a in _attributes)
        {
            bodyLength += 4 + ((a.Value.Length + 3) & ~3);
        }

        var withIntegrity = !integrityKey.IsEmpty;
        var total = StunConstants.HeaderLength + bodyLength + (withIntegrity ? 4 + StunConstants.MessageIntegrityLength : 0) + (fingerprint ? 8 : 0);
        if (total - StunConstants.HeaderLength > ushort.MaxValue)
        {
            throw new InvalidOperationException("The STUN message would exceed 65535 bytes of attributes.");
        }

        var buffer = new byte[total];
        BinaryPrimitives.WriteUInt16BigEndian(buffer, Type);
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), (ushort)(total - StunConstants.HeaderLength));
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(4), StunConstants.MagicCookie);
        TransactionId.CopyTo(buffer, 8);
        var offset = StunConstants.HeaderLength;
        foreach (var (type, value) in _attributes)
        {
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(offset), type);
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(offset + 2), (ushort)value.Length);
            value.CopyTo(buffer, offset + 4);
            offset += 4 + ((value.Length + 3) & ~3);
        }

        if (withIntegrity)
        {
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(offset), StunAttributeType.MessageIntegrity);
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(offset + 2), StunConstants.MessageIntegrityLength);
            StunIntegrity.ComputeIntegrity(buffer.AsSpan(0, offset), integrityKey, buffer.AsSpan(offset + 4, StunConstants.MessageIntegrityLength));
            offset += 4 + StunConstants.MessageIntegrityLength;
        }

        if (fingerprint)
        {
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(offset), StunAttributeType.Fingerprint);
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(offset + 2), 4);
            BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(offset + 4), StunIntegrity.ComputeFingerprint(buffer.AsSpan(0, offset)));
        }

        return buffer;
    }
}
