using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using WlWebRtc.Transport.WebRtc.AddressWatch;

namespace WlWebRtc.WebRtc.Tests.AddressWatch;

/// <summary>Builds rtnetlink messages as the kernel lays them out (little-endian host order), for the parser tests.</summary>
internal static class NetlinkMessages
{
    public static byte[] Address(ushort type, IPAddress address, byte prefix, int index, string? label, bool withLocal = true)
    {
        var body = new List<byte>();
        body.Add(address.AddressFamily == AddressFamily.InterNetwork ? NetlinkMessageParser.AfInet : NetlinkMessageParser.AfInet6);
        body.Add(prefix);
        body.Add(0); // flags
        body.Add(0); // scope
        body.AddRange(Int32(index));
        body.AddRange(Attribute(NetlinkMessageParser.IfaAddress, address.GetAddressBytes()));
        if (withLocal)
        {
            body.AddRange(Attribute(NetlinkMessageParser.IfaLocal, address.GetAddressBytes()));
        }

        if (label is not null)
        {
            body.AddRange(Attribute(NetlinkMessageParser.IfaLabel, [.. Encoding.ASCII.GetBytes(label), 0]));
        }

        return Message(type, [.. body]);
    }

    public static byte[] Link(ushort type, int index, string? name)
    {
        var body = new byte[16];
        BinaryPrimitives.WriteInt32LittleEndian(body.AsSpan(4), index);
        var attributes = name is null ? [] : Attribute(NetlinkMessageParser.IflaIfname, [.. Encoding.ASCII.GetBytes(name), 0]);
        return Message(type, [.. body, .. attributes]);
    }

    public static byte[] Message(ushort type, byte[] body)
    {
        var length = 16 + body.Length;
        var message = new byte[Align(length)];
        BinaryPrimitives.WriteUInt32LittleEndian(message, (uint)length);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(4), type);
        body.CopyTo(message.AsSpan(16));
        return message;
    }

    private static byte[] Attribute(ushort type, byte[] payload)
    {
        var length = 4 + payload.Length;
        var attribute = new byte[Align(length)];
        BinaryPrimitives.WriteUInt16LittleEndian(attribute, (ushort)length);
        BinaryPrimitives.WriteUInt16LittleEndian(attribute.AsSpan(2), type);
        payload.CopyTo(attribute.AsSpan(4));
        return attribute;
    }

    private static byte[] Int32(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        return bytes;
    }

    private static int Align(int length) => (length + 3) & ~3;
}
