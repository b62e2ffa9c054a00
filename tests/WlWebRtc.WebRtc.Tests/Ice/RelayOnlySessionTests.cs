using Microsoft.Extensions.Logging.Abstractions;
using WlWebRtc.Transport;
using WlWebRtc.Transport.WebRtc.Ice;
using WlWebRtc.Transport.WebRtc.Plugin;
using WlWebRtc.Transport.WebRtc.Session;
using WlWebRtc.WebRtc.Tests.Infrastructure;

namespace WlWebRtc.WebRtc.Tests.Ice;

/// <summary>An outbound session with <see cref="IceTransportPolicy.Relay"/> offers no host candidate and takes no check on the shared port.</summary>
public sealed class RelayOnlySessionTests
{
    [Theory]
    [InlineData(IceTransportPolicy.All, 1)]
    [InlineData(IceTransportPolicy.Relay, 0)]
    public async Task CreateOffer_PolicyWithoutTurnServer_HostCandidatesOnlyWhenAllowed(IceTransportPolicy policy, int expectedCandidates)
    {
        var plugin = new WebRtcTransportPlugin();
        var context = PatternPipeline.Context(new() { ["interfaces:0"] = "127.0.0.1", ["ipv6"] = "false" }, NullLoggerFactory.Instance);
        await using var transport = (WebRtcTransport)await plugin.StartAsync(context, CancellationToken.None);
        await using var session = (WebRtcPeerSession)transport.CreateSession(
            new PeerSessionOptions("egress-test") { Outbound = true, EnableDataChannel = false, IceTransportPolicy = policy }, new RecordingObserver());

        var offer = await session.CreateOfferAsync(CancellationToken.None);

        var candidates = offer.Sdp.Split('\n').Count(l => l.StartsWith("a=candidate:", StringComparison.Ordinal));
        Assert.Equal(expectedCandidates, candidates);
        var full = Assert.IsType<FullIceSession>(session.IceLink);
        Assert.Equal(policy == IceTransportPolicy.Relay, full.RelayOnly);
    }
}
