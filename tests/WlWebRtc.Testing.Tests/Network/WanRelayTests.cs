using System.Net;
using System.Net.Sockets;
using WlWebRtc.Testing.Network;

namespace WlWebRtc.Testing.Tests.Network;

/// <summary>The relay over real loopback sockets: what goes in comes out, both ways, through a mapping per browser address.</summary>
public sealed class WanRelayTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Relay_DatagramsBothWays_ReachTargetAndComeBackFromTheRelayAddress()
    {
        using var sender = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        using var browser = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var shape = new LinkShape { OneWayDelay = TimeSpan.FromMilliseconds(5), Phases = LinkShape.Constant(10_000_000) };
        using var relay = WanRelay.Start(new IPEndPoint(IPAddress.Loopback, 0), (IPEndPoint)sender.Client.LocalEndPoint!, shape, shape);

        await browser.SendAsync(new byte[] { 1, 2, 3 }, relay.Listen);
        var up = await sender.ReceiveAsync().WaitAsync(Wait);
        Assert.Equal(new byte[] { 1, 2, 3 }, up.Buffer);
        Assert.NotEqual(browser.Client.LocalEndPoint, up.RemoteEndPoint);

        await sender.SendAsync(new byte[] { 4, 5 }, up.RemoteEndPoint);
        var down = await browser.ReceiveAsync().WaitAsync(Wait);
        Assert.Equal(new byte[] { 4, 5 }, down.Buffer);
        Assert.Equal(relay.Listen, down.RemoteEndPoint);
        Assert.Equal(3, relay.Up.Statistics.Snapshot().Bins.Sum(b => b.SentBytes));
        Assert.Equal(2, relay.Down.Statistics.Snapshot().Bins.Sum(b => b.SentBytes));
    }

    [Fact]
    public async Task Relay_TwoBrowserAddresses_GetTwoMappings()
    {
        using var sender = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        using var first = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        using var second = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        using var relay = WanRelay.Start(new IPEndPoint(IPAddress.Loopback, 0), (IPEndPoint)sender.Client.LocalEndPoint!, LinkShape.Unlimited, LinkShape.Unlimited);

        await first.SendAsync(new byte[] { 1 }, relay.Listen);
        var a = await sender.ReceiveAsync().WaitAsync(Wait);
        await second.SendAsync(new byte[] { 2 }, relay.Listen);
        var b = await sender.ReceiveAsync().WaitAsync(Wait);
        Assert.NotEqual(a.RemoteEndPoint, b.RemoteEndPoint);

        await sender.SendAsync(new byte[] { 9 }, b.RemoteEndPoint);
        var back = await second.ReceiveAsync().WaitAsync(Wait);
        Assert.Equal(new byte[] { 9 }, back.Buffer);
    }
}
