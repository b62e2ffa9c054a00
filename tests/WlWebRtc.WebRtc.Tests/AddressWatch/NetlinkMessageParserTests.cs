using System.Net;
using WlWebRtc.Transport.WebRtc.AddressWatch;
using WlWebRtc.WebRtc.Tests.Fuzz;
using static WlWebRtc.Transport.WebRtc.AddressWatch.NetlinkMessageParser;

namespace WlWebRtc.WebRtc.Tests.AddressWatch;

public sealed class NetlinkMessageParserTests
{
    [Fact]
    public void Parse_NewIpv4Address_AddressAddedWithLocalAddressPrefixAndLabel()
    {
        var events = new List<NetlinkEvent>();

        var count = Parse(NetlinkMessages.Address(RtmNewAddr, IPAddress.Parse("192.0.2.7"), 24, 3, "eth0"), events);

        Assert.Equal(1, count);
        Assert.Equal(new NetlinkEvent(NetlinkEventKind.AddressAdded, 3, "eth0", IPAddress.Parse("192.0.2.7"), 24), events[0]);
    }

    [Fact]
    public void Parse_DeletedIpv6AddressWithoutLocalAttribute_AddressRemovedFromIfaAddress()
    {
        var events = new List<NetlinkEvent>();

        Parse(NetlinkMessages.Address(RtmDelAddr, IPAddress.Parse("2001:db8::7"), 64, 9, null, withLocal: false), events);

        Assert.Equal(new NetlinkEvent(NetlinkEventKind.AddressRemoved, 9, null, IPAddress.Parse("2001:db8::7"), 64), Assert.Single(events));
    }

    [Fact]
    public void Parse_LinkMessagesAndNoiseInOneDatagram_EachEventInOrderNoiseSkipped()
    {
        byte[] datagram =
        [
            .. NetlinkMessages.Link(RtmNewLink, 4, "wlan0"),
            .. NetlinkMessages.Message(NlmsgNoop, [1, 2, 3]),
            .. NetlinkMessages.Address(RtmNewAddr, IPAddress.Parse("10.1.2.3"), 8, 4, "wlan0"),
            .. NetlinkMessages.Link(RtmDelLink, 5, "tun0"),
            .. NetlinkMessages.Message(NlmsgOverrun, []),
        ];
        var events = new List<NetlinkEvent>();

        Parse(datagram, events);

        Assert.Equal(
            [NetlinkEventKind.LinkChanged, NetlinkEventKind.AddressAdded, NetlinkEventKind.LinkRemoved, NetlinkEventKind.Overrun],
            events.Select(e => e.Kind));
        Assert.Equal(["wlan0", "wlan0", "tun0", null], events.Select(e => e.InterfaceName));
    }

    [Fact]
    public void Parse_MessageLengthBeyondTheDatagram_StopsWithoutAnEvent()
    {
        var message = NetlinkMessages.Address(RtmNewAddr, IPAddress.Parse("192.0.2.7"), 24, 3, "eth0");
        message[0] = 0xFF; // claims 255 bytes

        var events = new List<NetlinkEvent>();

        Assert.Equal(0, Parse(message, events));
    }

    [Fact]
    public void Parse_AddressAttributeOfTheWrongLengthAndAHostileLabel_NoAddressNoLabel()
    {
        var message = NetlinkMessages.Address(RtmNewAddr, IPAddress.Parse("2001:db8::7"), 64, 3, "e\u0001th");
        message[16] = AfInet; // the family now says IPv4, the attributes carry 16 bytes
        var events = new List<NetlinkEvent>();

        Parse(message, events);

        var e = Assert.Single(events);
        Assert.Null(e.Address);
        Assert.Null(e.InterfaceName);
    }

    [Fact]
    public void Parse_100kMutatedAndRandomDatagrams_NeverThrowsAndStaysBounded()
    {
        var mutator = new Mutator(4242);
        byte[] seed =
        [
            .. NetlinkMessages.Address(RtmNewAddr, IPAddress.Parse("192.0.2.7"), 24, 3, "eth0"),
            .. NetlinkMessages.Address(RtmDelAddr, IPAddress.Parse("2001:db8::7"), 64, 9, "wlp2s0"),
            .. NetlinkMessages.Link(RtmNewLink, 4, "wlan0"),
        ];
        var events = new List<NetlinkEvent>();
        var total = 0;
        for (var i = 0; i < 100_000; i++)
        {
            var input = i % 4 == 0 ? RandomBytes(mutator.Random) : mutator.Mutate(seed);
            events.Clear();
            var count = Parse(input, events);
            Assert.InRange(count, 0, MaxEventsPerDatagram);
            Assert.Equal(count, events.Count);
            total += count;
        }

        Assert.True(total > 0, "no mutated input parsed at all: the mutations never left a valid message");
    }

    [Fact]
    public void Parse_10kRandomValidMessageSequences_RoundTripEveryEvent()
    {
        var random = new Random(77);
        for (var i = 0; i < 10_000; i++)
        {
            var expected = new List<NetlinkEvent>();
            var datagram = new List<byte>();
            for (var m = random.Next(1, 8); m > 0; m--)
            {
                var index = random.Next(1, 5000);
                var name = random.Next(3) == 0 ? null : "if" + random.Next(1000);
                switch (random.Next(3))
                {
                    case 0:
                        var bytes = new byte[random.Next(2) == 0 ? 4 : 16];
                        random.NextBytes(bytes);
                        var address = new IPAddress(bytes);
                        var prefix = (byte)random.Next(0, bytes.Length * 8 + 1);
                        var added = random.Next(2) == 0;
                        datagram.AddRange(NetlinkMessages.Address(added ? RtmNewAddr : RtmDelAddr, address, prefix, index, name));
                        expected.Add(new NetlinkEvent(added ? NetlinkEventKind.AddressAdded : NetlinkEventKind.AddressRemoved, index, name, address, prefix));
                        break;
                    case 1:
                        var changed = random.Next(2) == 0;
                        datagram.AddRange(NetlinkMessages.Link(changed ? RtmNewLink : RtmDelLink, index, name));
                        expected.Add(new NetlinkEvent(changed ? NetlinkEventKind.LinkChanged : NetlinkEventKind.LinkRemoved, index, name, null, 0));
                        break;
                    default:
                        datagram.AddRange(NetlinkMessages.Message(NlmsgNoop, new byte[random.Next(0, 9)]));
                        break;
                }
            }

            var events = new List<NetlinkEvent>();
            Parse(datagram.ToArray(), events);
            Assert.Equal(expected, events);
        }
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 200)];
        random.NextBytes(bytes);
        return bytes;
    }
}
