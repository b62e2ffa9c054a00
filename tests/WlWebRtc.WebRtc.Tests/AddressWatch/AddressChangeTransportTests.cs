using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using WlWebRtc.Testing;
using WlWebRtc.Transport;
using WlWebRtc.Transport.WebRtc.AddressWatch;
using WlWebRtc.Transport.WebRtc.Plugin;
using WlWebRtc.Transport.WebRtc.Session;
using WlWebRtc.WebRtc.Tests.Infrastructure;
using WlWebRtc.WebRtc.Tests.Plugin;
using WlWebRtc.WebRtc.Tests.Sdp;

namespace WlWebRtc.WebRtc.Tests.AddressWatch;

/// <summary>
/// What the transport does with a change of its local addresses (the watcher's output, applied directly: loopback
/// addresses 127.0.0.x need no interface change): sockets follow, live sessions ask for an ICE restart, and the
/// restart's answer offers the new address and not the old one, in lite and full mode, on the fixed port.
/// </summary>
public sealed class AddressChangeTransportTests
{
    private static readonly IPAddress Old = IPAddress.Parse("127.0.0.1");
    private static readonly IPAddress New = IPAddress.Parse("127.0.0.2");

    [Theory]
    [InlineData("lite")]
    [InlineData("full")]
    public async Task ApplyAddressChange_AddressReplacedMidSession_SocketsFollowRestartRequestedAndTheRestartOffersTheNewAddress(string mode)
    {
        var port = FreePorts.Udp();
        await using var transport = await StartAsync(port, mode);
        await using var session = (WebRtcPeerSession)transport.CreateSession(new PeerSessionOptions("a"), new RecordingObserver());
        var requests = 0;
        using var subscription = session.SubscribeIceRestartRequests(() => Interlocked.Increment(ref requests));
        var answer = await session.AcceptOfferAsync(new SessionDescription(SdpType.Offer, SampleOffers.Chromium), CancellationToken.None);
        Assert.Contains(("127.0.0.1", port), AnnouncedAddressTests.Candidates(answer.Sdp).Select(c => (c.Address, c.Port)));

        var unusable = transport.ApplyAddressChange(new LocalAddressChange([New], [Old], [New]));

        Assert.Empty(unusable);
        Assert.Equal([new IPEndPoint(New, port)], transport.SharedSockets!.Endpoints.Select(e => e.LocalEndPoint));
        Assert.Equal([New], transport.Addresses);
        Assert.Equal(1, requests);
        using (new UdpClient(new IPEndPoint(Old, port)))
        {
            // the old socket is closed: its port on the old address is free again
        }

        var restarted = await ((IIceRestartable)session).RestartIceAsync(new SessionDescription(SdpType.Offer, Reoffer()), CancellationToken.None);
        Assert.Equal([("127.0.0.2", port)], AnnouncedAddressTests.Candidates(restarted.Sdp).Select(c => (c.Address, c.Port)));
        Assert.Equal(1, session.IceRestarts);
        Assert.Equal($"local 127.0.0.2; ICE {mode}", transport.Reachability); // what status shows follows the change
    }

    [Fact]
    public async Task ApplyAddressChange_WhepClientRestartsWithIceParameters_ServerAnswersWithTheNewAddressOnly()
    {
        var port = FreePorts.Udp();
        await using var transport = await StartAsync(port, "lite");
        await using var session = (WebRtcPeerSession)transport.CreateSession(new PeerSessionOptions("a"), new RecordingObserver());
        await session.AcceptOfferAsync(new SessionDescription(SdpType.Offer, SampleOffers.Chromium), CancellationToken.None);

        transport.ApplyAddressChange(new LocalAddressChange([New], [Old], [New]));
        // RFC 9725 section 4.3.2: the WHEP client's PATCH with new credentials; its 200 body carries the server's candidates.
        var server = await ((IIceRestartable)session).RestartIceAsync(new IceParameters("9XyZ", "restartedpasswordrestarted", []), CancellationToken.None);

        Assert.Equal([$"127.0.0.2 {port} typ host"], server.Candidates.Select(c => string.Join(' ', c.Candidate.Split(' ')[4..8])));
    }

    [Fact]
    public async Task ApplyAddressChange_BeforeTheAnswer_NoRestartRequestAndTheAnswerOffersBothAddresses()
    {
        var port = FreePorts.Udp();
        await using var transport = await StartAsync(port, "lite");
        await using var session = (WebRtcPeerSession)transport.CreateSession(new PeerSessionOptions("a"), new RecordingObserver());
        var requests = 0;
        using var subscription = session.SubscribeIceRestartRequests(() => Interlocked.Increment(ref requests));

        transport.ApplyAddressChange(new LocalAddressChange([New], [], [Old, New]));
        var answer = await session.AcceptOfferAsync(new SessionDescription(SdpType.Offer, SampleOffers.Chromium), CancellationToken.None);

        Assert.Equal(0, requests);
        Assert.Equal([("127.0.0.1", port), ("127.0.0.2", port)], AnnouncedAddressTests.Candidates(answer.Sdp).Select(c => (c.Address, c.Port)));
    }

    [Fact]
    public async Task ApplyAddressChange_FixedPortTakenOnTheNewAddress_ReportedUnusableOldSocketKept()
    {
        var port = FreePorts.Udp();
        await using var transport = await StartAsync(port, "lite");
        using var squatter = new UdpClient(new IPEndPoint(IPAddress.Parse("127.0.0.3"), port));

        var unusable = transport.ApplyAddressChange(new LocalAddressChange([IPAddress.Parse("127.0.0.3")], [], [Old, IPAddress.Parse("127.0.0.3")]));

        Assert.Equal([IPAddress.Parse("127.0.0.3")], unusable);
        Assert.Equal([new IPEndPoint(Old, port)], transport.SharedSockets!.Endpoints.Select(e => e.LocalEndPoint));
        Assert.Equal([Old], transport.Addresses);
    }

    [Fact]
    public async Task ApplyAddressChange_PerSessionSockets_EachLiveSessionGetsASocketOnTheNewAddress()
    {
        await using var transport = (WebRtcTransport)await new WebRtcTransportPlugin().StartAsync(PatternPipeline.Context(new()
        {
            ["interfaces:0"] = "127.0.0.1", ["ipv6"] = "false", ["single_port"] = "false", ["watch_addresses"] = "false",
        }, NullLoggerFactory.Instance), CancellationToken.None);
        await using var first = (WebRtcPeerSession)transport.CreateSession(new PeerSessionOptions("a"), new RecordingObserver());
        await using var second = (WebRtcPeerSession)transport.CreateSession(new PeerSessionOptions("b"), new RecordingObserver());

        transport.ApplyAddressChange(new LocalAddressChange([New], [Old], [New]));

        Assert.All([first, second], s => Assert.Equal([New], s.Sockets.Endpoints.Select(e => e.LocalEndPoint.Address)));
        Assert.NotEqual(first.Sockets.Endpoints[0].LocalEndPoint, second.Sockets.Endpoints[0].LocalEndPoint);
    }

    private static async Task<WebRtcTransport> StartAsync(int port, string mode) =>
        (WebRtcTransport)await new WebRtcTransportPlugin().StartAsync(PatternPipeline.Context(new()
        {
            ["interfaces:0"] = "127.0.0.1", ["ipv6"] = "false", ["port"] = AnnouncedAddressTests.Text(port), ["ice_mode"] = mode,
            ["watch_addresses"] = "false", ["trickle"] = "false",
        }, NullLoggerFactory.Instance), CancellationToken.None);

    /// <summary>The sample offer after <c>restartIce()</c>: new credentials, everything else the same.</summary>
    private static string Reoffer() => SampleOffers.Chromium
        .Replace("a=ice-ufrag:4ZcD", "a=ice-ufrag:9XyZ", StringComparison.Ordinal)
        .Replace("a=ice-pwd:2/1muCWoOi3uLifh0NuRHlXE", "a=ice-pwd:restartedpasswordrestarted", StringComparison.Ordinal);
}
