using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using WlWebRtc.Transport;
using WlWebRtc.Transport.WebRtc.Plugin;
using WlWebRtc.Transport.WebRtc.Session;
using WlWebRtc.Ice.Stun;
using WlWebRtc.WebRtc.Tests.Infrastructure;
using WlWebRtc.WebRtc.Tests.Sdp;

namespace WlWebRtc.WebRtc.Tests.Ice;

/// <summary>Real UDP sockets: a controlling peer's check over IPv4 and IPv6 gets an authentic answer.</summary>
public sealed class UdpIceRoundTripTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public async Task BindingRequest_OverRealSocket_AnsweredWithIntegrityAndMappedAddress(string address)
    {
        var ip = IPAddress.Parse(address);
        if (ip.AddressFamily == AddressFamily.InterNetworkV6)
        {
            Assert.True(Socket.OSSupportsIPv6, "IPv6 is not available on this machine's loopback");
        }

        var context = PatternPipeline.Context(new() { ["interfaces:0"] = address }, NullLoggerFactory.Instance);
        await using var transport = await new WebRtcTransportPlugin().StartAsync(context, CancellationToken.None);
        await using var session = (WebRtcPeerSession)transport.CreateSession(new PeerSessionOptions("udp"), new RecordingObserver());
        var answer = await session.AcceptOfferAsync(new SessionDescription(SdpType.Offer, SampleOffers.Chromium), CancellationToken.None);
        var candidate = answer.Sdp.Split("\r\n").First(l => l.StartsWith("a=candidate:", StringComparison.Ordinal)).Split(' ');
        Assert.Equal(address, candidate[4]);
        var server = new IPEndPoint(ip, int.Parse(candidate[5], System.Globalization.CultureInfo.InvariantCulture));

        using var peer = new Socket(ip.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(ip, 0));
        peer.ReceiveTimeout = 5000;
        var tid = new byte[12];
        Random.Shared.NextBytes(tid);
        var request = new StunMessageBuilder(StunMethod.Binding, StunClass.Request, tid)
            .AddUsername(session.Ice.Local.Ufrag + ":4ZcD")
            .AddPriority(1)
            .AddIceControlling(5)
            .AddUseCandidate()
            .Build(System.Text.Encoding.UTF8.GetBytes(session.Ice.Local.Pwd));
        peer.SendTo(request, server);

        var buffer = new byte[1500];
        var n = peer.Receive(buffer);
        Assert.True(StunMessage.TryParse(buffer.AsSpan(0, n), out var response));
        Assert.Equal(StunTestMessages.BindingSuccess, response!.Type);
        Assert.Equal(tid, response.TransactionId);
        Assert.True(response.VerifyIntegrity(System.Text.Encoding.UTF8.GetBytes(session.Ice.Local.Pwd)));
        Assert.True(response.VerifyFingerprint());
        Assert.Equal(peer.LocalEndPoint, response.XorMappedAddress);
        Assert.True(session.Ice.IsNominated);
    }
}
