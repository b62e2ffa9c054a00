using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace WlWebRtc.Ice.Stun;

/// <summary>Encodes and decodes (XOR-)MAPPED-ADDRESS style values (RFC 8489 sections 14.1 and 14.2).</summary>
public static class StunAddress
{
    public static IPEndPoint Decode(ReadOnlySpan<byte> value, ReadOnlySpan<byte> transactionId, bool xor)
    {
        if (value.Length < 4)
        {
            throw new StunParseException($"An address attribute has at least 4 bytes, got {value.Length}.");
        }

        var addressLength = value[1] switch
        {
            1 => 4,
            2 => 16,
            _ => throw new StunParseException($"Address family {value[1]} is neither 1 (IPv4) nor 2 (IPv6)."),
        };
        if (value.Length != 4 + addressLength)
        {
            throw new StunParseException($"An address attribute of family {value[1]} has {4 + addressLength} bytes, got {value.Length}.");
        }

        Span<byte> mask = stackalloc byte[16];
        if (xor)
        {
            if (transactionId.Length != StunConstants.TransactionIdLength)
            {
                throw new StunParseException("An XOR address needs the 12-byte transaction id.");
            }

            BinaryPrimitives.WriteUInt32BigEndian(mask, StunConstants.MagicCookie);
            transactionId.CopyTo(mask[4..]);
        }

        var port = (ushort)(BinaryPrimitives.ReadUInt16BigEndian(value[2..]) ^ (xor ? StunConstants.MagicCookie >> 16 : 0));
        Span<byte> address = stackalloc byte[addressLength];
        for (var i = 0; i < addressLength; i++)
        {
            address[i] = (byte)(value[4 + i] ^ mask[i]);
        }

        return new IPEndPoint(new IPAddress(address), port);
    }

    public static byte[] Encode(IPEndPoint endPoint, ReadOnlySpan<byte> transactionId, bool xor)
    {
        var address = (endPoint.Address.IsIPv4MappedToIPv6 ? endPoint.Address.MapToIPv4() : endPoint.Address).GetAddressBytes();
        var value = new byte[4 + address.Length];
        value[1] = (byte)(address.Length == 16 ? 2 : 1);
        Span<byte> mask = stackalloc byte[16];
        if (xor)
        {
            BinaryPrimitives.WriteUInt32BigEndian(mask, StunConstants.MagicCookie);
            transactionId.CopyTo(mask[4..]);
        }

        BinaryPrimitives.WriteUInt16BigEndian(value.AsSpan(2), (ushort)(endPoint.Port ^ (xor ? (int)(StunConstants.MagicCookie >> 16) : 0)));
        for (var i = 0; i < address.Length; i++)
        {
            value[4 + i] = (byte)(address[i] ^ mask[i]);
        }

        return value;
    }

    /// <summary>The same address and port, with IPv4-mapped IPv6 folded to IPv4 (dual-mode sockets report those).</summary>
    public static IPEndPoint Normalize(IPEndPoint endPoint) =>
        endPoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endPoint.Address.MapToIPv4(), endPoint.Port) : endPoint;

    public static AddressFamily FamilyOf(IPEndPoint endPoint) => Normalize(endPoint).AddressFamily;
}
