using System.Buffers.Binary;
using System.Net;

namespace WlWebRtc.Transport.WebRtc.Stun;

/// <summary>Builds a STUN message: attributes in order, then optional MESSAGE-INTEGRITY and FINGERPRINT.</summary>
internal sealed class StunMessageBuilder
{
    private readonly List<(ushort Type, byte[] Value)> _attributes = [];

    public StunMessageBuilder(ushort type, ReadOnlySpan<byte> transactionId)
    {
        if (transactionId.Length != 12)
        {
            throw new ArgumentException("A STUN transaction id has 12 bytes.", nameof(transactionId));
        }

        Type = type;
        TransactionId = transactionId.ToArray();
    }

    public ushort Type { get; }

    public byte[] TransactionId { get; }

    public StunMessageBuilder Add(ushort type, byte[] value)
    {
        _attributes.Add((type, value));
        return this;
    }

    public StunMessageBuilder AddUsername(string username) => Add(StunAttributeType.Username, System.Text.Encoding.UTF8.GetBytes(username));

    public StunMessageBuilder AddSoftware(string software) => Add(StunAttributeType.Software, System.Text.Encoding.UTF8.GetBytes(software));

    public StunMessageBuilder AddPriority(uint priority)
    {
        var v = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(v, priority);
        return Add(StunAttributeType.Priority, v);
    }

    public StunMessageBuilder AddUseCandidate() => Add(StunAttributeType.UseCandidate, []);

    public StunMessageBuilder AddIceControlling(ulong tieBreaker) => AddUInt64(StunAttributeType.IceControlling, tieBreaker);

    public StunMessageBuilder AddIceControlled(ulong tieBreaker) => AddUInt64(StunAttributeType.IceControlled, tieBreaker);

    public StunMessageBuilder AddUInt64(ushort type, ulong value)
    {
        var v = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(v, value);
        return Add(type, v);
    }

    public StunMessageBuilder AddXorMappedAddress(IPEndPoint endPoint) => Add(StunAttributeType.XorMappedAddress, StunAddress.EncodeXor(endPoint, TransactionId));

    public StunMessageBuilder AddErrorCode(int code, string reason)
    {
        var text = System.Text.Encoding.UTF8.GetBytes(reason);
        var v = new byte[4 + text.Length];
        v[2] = (byte)(code / 100);
        v[3] = (byte)(code % 100);
        text.CopyTo(v, 4);
        return Add(StunAttributeType.ErrorCode, v);
    }

    public byte[] Build(ReadOnlySpan<byte> integrityKey = default, bool fingerprint = true)
    {
        var bodyLength = _attributes.Sum(a => 4 + ((a.Value.Length + 3) & ~3));
        var withIntegrity = !integrityKey.IsEmpty;
        var total = StunConstants.HeaderLength + bodyLength + (withIntegrity ? 24 : 0) + (fingerprint ? 8 : 0);
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
            StunMessage.ComputeIntegrity(buffer.AsSpan(0, offset), integrityKey, buffer.AsSpan(offset + 4, 20));
            offset += 24;
        }

        if (fingerprint)
        {
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(offset), StunAttributeType.Fingerprint);
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(offset + 2), 4);
            BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(offset + 4), StunMessage.ComputeFingerprint(buffer.AsSpan(0, offset)));
        }

        return buffer;
    }
}
