using Microsoft.Extensions.Logging;
using WlWebRtc.Testing;
using WlWebRtc.Testing.Browser;
using WlWebRtc.Testing.Turn;
using WlWebRtc.Transport;
using WlWebRtc.Transport.WebRtc.Ice;
using WlWebRtc.Transport.WebRtc.Session;
using WlWebRtc.WebRtc.Tests.Infrastructure;
using Xunit.Abstractions;

namespace WlWebRtc.WebRtc.Tests.Peers;

/// <summary>
/// The transport in full ICE mode (the WlWebRtc.Ice agent on the shared port) with real Chromium: relay-only
/// through a real coturn started here (TURN REST credentials minted from its shared secret), and two viewers on one port.
/// </summary>
[Collection(RealPeers.Name)]
public sealed class FullIcePeerTests(ITestOutputHelper output)
{
    private const string SharedSecret = "full-ice-test-secret";

    [Fact]
    public async Task Chromium_RelayOnlyThroughCoturn_FullIceServerGathersRelayAndVideoDecodes()
    {
        using var loggerFactory = TestOutputLoggerProvider.Factory(output, LogLevel.Information);
        await using var turn = await CoturnServer.StartAsync(SharedSecret);
        await using var transport = await ChromiumPeerTests.StartTransportAsync(loggerFactory, new()
        {
            ["interfaces:0"] = "127.0.0.1",
            ["ipv6"] = "false",
            ["stun_servers:0"] = $"stun:127.0.0.1:{turn.Port}",
            ["turn_servers:0"] = $"turn:127.0.0.1:{turn.Port}?transport=udp",
            ["turn_shared_secret"] = SharedSecret,
            ["trickle"] = "false", // the answer waits for the relayed candidate (TrickleAndRestartPeerTests trickles it)
        });
        await using var pipeline = await PatternPipeline.StartAsync(960, 540, 30, 1_500_000, loggerFactory);
        await using var browser = await HeadlessChromium.LaunchAsync();
        await using var viewer = await ChromiumViewer.OpenAsync(browser);
        var observer = new RecordingObserver();

        // What a viewer would get from signaling: coturn with credentials minted now, never the secret.
        var iceServers = ((IIceServerSource)transport).GetIceServers();
        var turnServer = Assert.Single(iceServers, s => s.Username is not null);
        Assert.DoesNotContain(SharedSecret, turnServer.Credential!, StringComparison.Ordinal);
        var offer = await viewer.MakeOfferAsync(new
        {
            iceServers = iceServers.Select(s => new { urls = s.Urls.ToArray(), username = s.Username, credential = s.Credential }).ToArray(),
            iceTransportPolicy = "relay",
        });
        Assert.Contains(" typ relay", offer, StringComparison.Ordinal);
        Assert.DoesNotContain(" typ host", offer, StringComparison.Ordinal);

        await using var session = transport.CreateSession(new PeerSessionOptions("relay-1"), observer);
        var answer = await session.AcceptOfferAsync(new SessionDescription(SdpType.Offer, offer), CancellationToken.None);
        output.WriteLine(answer.Sdp);
        Assert.DoesNotContain("a=ice-lite", answer.Sdp, StringComparison.Ordinal);
        Assert.Contains(" typ relay", answer.Sdp, StringComparison.Ordinal); // the server's own allocation on coturn
        Assert.Contains(" typ host", answer.Sdp, StringComparison.Ordinal);
        pipeline.Add(session, observer);
        await viewer.SetAnswerAsync(answer.Sdp);
        await observer.Connected.WaitAsync(TimeSpan.FromSeconds(30));

        var stats = await viewer.WaitForFramesAsync(30, TimeSpan.FromSeconds(30));
        var full = Assert.IsType<FullIceSession>(((WebRtcPeerSession)session).IceLink);
        output.WriteLine($"page {stats}; server {session.GetStats()}; selected {full.Agent!.SelectedPair}");
        Assert.Equal("relay", await viewer.SelectedLocalCandidateTypeAsync());
        Assert.NotNull(full.Agent.SelectedPair);
        Assert.Equal(PeerSessionState.Connected, session.State);
    }

    /// <summary>
    /// TURN over TCP: Chromium relay-only with a turn:?transport=tcp server; the server allocates there over TCP too
    /// (its relayed candidate is in the answer). On loopback the server's checks pick its host candidate towards
    /// Chromium's relay; the NAT test with UDP blocked (NatEndToEndTests) forces the server's own TURN leg (TLS).
    /// </summary>
    [Fact]
    public async Task Chromium_RelayOnlyOverTurnTcp_ChromiumRelaysOverTcpAndVideoDecodes()
    {
        using var loggerFactory = TestOutputLoggerProvider.Factory(output, LogLevel.Information);
        await using var turn = await CoturnServer.StartAsync(SharedSecret);
        var turnUri = $"turn:127.0.0.1:{turn.Port}?transport=tcp";
        await using var transport = await ChromiumPeerTests.StartTransportAsync(loggerFactory, new()
        {
            ["interfaces:0"] = "127.0.0.1",
            ["ipv6"] = "false",
            ["turn_servers:0"] = turnUri,
            ["turn_shared_secret"] = SharedSecret,
            ["trickle"] = "false",
        });
        await using var pipeline = await PatternPipeline.StartAsync(960, 540, 30, 1_500_000, loggerFactory);
        await using var browser = await HeadlessChromium.LaunchAsync();
        await using var viewer = await ChromiumViewer.OpenAsync(browser);
        var observer = new RecordingObserver();
        var iceServers = ((IIceServerSource)transport).GetIceServers();
        var offer = await viewer.MakeOfferAsync(new
        {
            iceServers = iceServers.Select(s => new { urls = s.Urls.ToArray(), username = s.Username, credential = s.Credential }).ToArray(),
            iceTransportPolicy = "relay",
        });
        Assert.Contains(" typ relay", offer, StringComparison.Ordinal);

        await using var session = transport.CreateSession(new PeerSessionOptions("relay-tcp"), observer);
        var answer = await session.AcceptOfferAsync(new SessionDescription(SdpType.Offer, offer), CancellationToken.None);
        Assert.Contains(" typ relay", answer.Sdp, StringComparison.Ordinal);
        pipeline.Add(session, observer);
        await viewer.SetAnswerAsync(answer.Sdp);
        await observer.Connected.WaitAsync(TimeSpan.FromSeconds(30));

        var stats = await viewer.WaitForFramesAsync(30, TimeSpan.FromSeconds(30));
        var full = Assert.IsType<FullIceSession>(((WebRtcPeerSession)session).IceLink);
        output.WriteLine($"page {stats}; server {session.GetStats()}; selected {full.Agent!.SelectedPair}");
        Assert.Equal("relay", await viewer.SelectedLocalCandidateTypeAsync());
        Assert.Equal("tcp", await viewer.SelectedLocalRelayProtocolAsync());
    }

    [Fact]
    public async Task TwoChromiumViewers_FullIceOnOneSharedPort_BothDecode()
    {
        using var loggerFactory = TestOutputLoggerProvider.Factory(output, LogLevel.Information);
        var port = FreePorts.Udp();
        await using var transport = await ChromiumPeerTests.StartTransportAsync(loggerFactory, new()
        {
            ["interfaces:0"] = "127.0.0.1",
            ["ipv6"] = "false",
            ["ice_mode"] = "full",
            ["port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        await using var pipeline = await PatternPipeline.StartAsync(960, 540, 30, 1_000_000, loggerFactory);
        await using var browser = await HeadlessChromium.LaunchAsync();
        await using var first = await ChromiumViewer.OpenAsync(browser);
        await using var second = await ChromiumViewer.OpenAsync(browser);
        var observers = new[] { new RecordingObserver(), new RecordingObserver() };
        var viewers = new[] { first, second };
        var sessions = new List<IPeerSession>();
        try
        {
            for (var i = 0; i < 2; i++)
            {
                var offer = await viewers[i].MakeOfferAsync();
                var session = transport.CreateSession(new PeerSessionOptions("shared-" + i), observers[i]);
                sessions.Add(session);
                var answer = await session.AcceptOfferAsync(new SessionDescription(SdpType.Offer, offer), CancellationToken.None);
                Assert.Contains($" 127.0.0.1 {port} typ host", answer.Sdp, StringComparison.Ordinal);
                pipeline.Add(session, observers[i]);
                await viewers[i].SetAnswerAsync(answer.Sdp);
            }

            for (var i = 0; i < 2; i++)
            {
                try
                {
                    await observers[i].Connected.WaitAsync(TimeSpan.FromSeconds(30));
                }
                catch (InvalidOperationException)
                {
                    output.WriteLine($"session {i}: {sessions[i].GetStats()} offpair {((WebRtcPeerSession)sessions[i]).OffPairDropped}; page {await viewers[i].StatsAsync()}");
                    throw;
                }
            }

            foreach (var viewer in viewers)
            {
                var stats = await viewer.WaitForFramesAsync(30, TimeSpan.FromSeconds(30));
                output.WriteLine($"page {stats}");
            }

            foreach (var session in sessions)
            {
                var selected = Assert.IsType<FullIceSession>(((WebRtcPeerSession)session).IceLink).Agent!.SelectedPair!;
                output.WriteLine($"{session.Id}: {selected}");
                Assert.Equal(port, selected.Local.EndPoint.Port);
                Assert.True(session.GetStats().FramesSent > 0);
            }
        }
        finally
        {
            foreach (var session in sessions)
            {
                await session.DisposeAsync();
            }
        }
    }
}
