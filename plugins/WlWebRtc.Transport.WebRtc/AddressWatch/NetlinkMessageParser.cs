using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace WlWebRtc.Transport.WebRtc.AddressWatch;

/// <summary>
/// Parses the rtnetlink datagrams a NETLINK_ROUTE socket receives (linux/netlink.h, linux/rtnetlink.h, linux/if_addr.h):
/// a sequence of messages, each an nlmsghdr (length, type, flags, seq, pid; host byte order, which is little-endian on
/// every architecture .NET runs Linux on here) padded to 4 bytes, then for address messages an ifaddrmsg and attributes,
/// for link messages an ifinfomsg and attributes. Only what the watcher needs is read (the kind, the interface, the
/// address); anything malformed ends the parse of that datagram without throwing. The kernel is the only sender (the
/// socket accepts nothing from user space, see <see cref="NetlinkAddressSource"/>), but the parser trusts no length.
/// </summary>
internal static class NetlinkMessageParser
{
    public const int HeaderLength = 16;

    /// <summary>Most events taken from one datagram (a receive buffer of 64 KiB holds fewer than 2,000 messages).</summary>
    public const int MaxEventsPerDatagram = 4096;

    public const ushort NlmsgNoop = 1;
    public const ushort NlmsgError = 2;
    public const ushort NlmsgDone = 3;
    public const ushort NlmsgOverrun = 4;
    public const ushort RtmNewLink = 16;
    public const ushort RtmDelLink = 17;
    public const ushort RtmNewAddr = 20;
    public const ushort RtmDelAddr = 21;

    public const ushort IfaAddress = 1;
    public const ushort IfaLocal = 2;
    public const ushort IfaLabel = 3;
    public const ushort IflaIfname = 3;

    public const byte AfInet = 2;
    public const byte AfInet6 = 10;

    private const int IfAddrMsgLength = 8;
    private const int IfInfoMsgLength = 16;
    private const int AttributeHeaderLength = 4;
    private const int MaxNameLength = 64;

    /// <summary>Appends the events of <paramref name="datagram"/> to <paramref name="events"/>; returns how many were added.</summary>
    public static int Parse(ReadOnlySpan<byte> datagram, List<NetlinkEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var added = 0;
        while (datagram.Length >= HeaderLength && added < MaxEventsPerDatagram)
        {
            var length = BinaryPrimitives.ReadUInt32LittleEndian(datagram);
            if (length < HeaderLength || length > (uint)datagram.Length)
            {
                break; // a truncated or lying header: nothing after it can be trusted
            }

            var type = BinaryPrimitives.ReadUInt16LittleEndian(datagram[4..]);
            var body = datagram[HeaderLength..(int)length];
            var parsed = type switch
            {
                RtmNewAddr => ParseAddress(body, NetlinkEventKind.AddressAdded),
                RtmDelAddr => ParseAddress(body, NetlinkEventKind.AddressRemoved),
                RtmNewLink => ParseLink(body, NetlinkEventKind.LinkChanged),
                RtmDelLink => ParseLink(body, NetlinkEventKind.LinkRemoved),
                NlmsgOverrun => new NetlinkEvent(NetlinkEventKind.Overrun, 0, null, null, 0),
                _ => null, // NOOP, DONE, ERROR and everything else say nothing about addresses
            };
            if (parsed is not null)
            {
                events.Add(parsed);
                added++;
            }

            if (type == NlmsgDone)
            {
                break;
            }

            var next = Align((int)length);
            if (next >= datagram.Length)
            {
                break;
            }

            datagram = datagram[next..];
        }

        return added;
    }

    private static NetlinkEvent? ParseAddress(ReadOnlySpan<byte> body, NetlinkEventKind kind)
    {
        if (body.Length < IfAddrMsgLength)
        {
            return null;
        }

        var family = body[0];
        var prefix = body[1];
        var index = BinaryPrimitives.ReadInt32LittleEndian(body[4..]);
        var expected = family switch
        {
            AfInet => 4,
            AfInet6 => 16,
            _ => 0,
        };
        IPAddress? address = null, local = null;
        string? label = null;
        foreach (var (attribute, payload) in Attributes(body[IfAddrMsgLength..]))
        {
            switch (attribute)
            {
                case IfaAddress when expected != 0 && payload.Length == expected:
                    address = new IPAddress(payload);
                    break;
                case IfaLocal when expected != 0 && payload.Length == expected:
                    local = new IPAddress(payload);
                    break;
                case IfaLabel:
                    label = Name(payload);
                    break;
                default:
                    break;
            }
        }

        // IFA_LOCAL is the interface's own address on point-to-point links (IFA_ADDRESS is then the peer's).
        return new NetlinkEvent(kind, index, label, local ?? address, prefix);
    }

    private static NetlinkEvent? ParseLink(ReadOnlySpan<byte> body, NetlinkEventKind kind)
    {
        if (body.Length < IfInfoMsgLength)
        {
            return null;
        }

        var index = BinaryPrimitives.ReadInt32LittleEndian(body[4..]);
        string? name = null;
        foreach (var (attribute, payload) in Attributes(body[IfInfoMsgLength..]))
        {
            if (attribute == IflaIfname)
            {
                name = Name(payload);
            }
        }

        return new NetlinkEvent(kind, index, name, null, 0);
    }

    /// <summary>The rtattr list: (type, payload) pairs, each padded to 4 bytes; stops at the first malformed one.</summary>
    private static List<(ushort Type, byte[] Payload)> Attributes(ReadOnlySpan<byte> span)
    {
        var list = new List<(ushort, byte[])>();
        while (span.Length >= AttributeHeaderLength)
        {
            var length = BinaryPrimitives.ReadUInt16LittleEndian(span);
            if (length < AttributeHeaderLength || length > span.Length)
            {
                break;
            }

            var type = (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(span[2..]) & 0x3FFF); // without NLA_F_NESTED / NLA_F_NET_BYTEORDER
            list.Add((type, span[AttributeHeaderLength..length].ToArray()));
            var next = Align(length);
            if (next >= span.Length)
            {
                break;
            }

            span = span[next..];
        }

        return list;
    }

    /// <summary>A NUL-terminated interface name, at most <see cref="MaxNameLength"/> bytes, printable ASCII only.</summary>
    private static string? Name(ReadOnlySpan<byte> payload)
    {
        var end = payload.IndexOf((byte)0);
        var bytes = end < 0 ? payload : payload[..end];
        if (bytes.IsEmpty || bytes.Length > MaxNameLength)
        {
            return null;
        }

        foreach (var b in bytes)
        {
            if (b is < 0x21 or > 0x7E)
            {
                return null;
            }
        }

        return Encoding.ASCII.GetString(bytes);
    }

    private static int Align(int length) => (length + 3) & ~3;
}
