using System.Globalization;
using System.Net;
using WlWebRtc.Testing;
using WlWebRtc.Testing.Browser;
using WlWebRtc.Testing.Network;
using WlWebRtc.Testing.Server;
using WlWebRtc.Testing.Turn;
using Xunit.Abstractions;

namespace WlWebRtc.EndToEnd.Tests.Nat;

/// <summary>
/// The real server (test pattern, x264) in a network namespace behind a NAT router (<see cref="NatTopology"/>:
/// nftables masquerade, its HTTP port forwarded), headless Chromium and coturn on the public side. Without STUN the
/// viewer cannot reach the server; a STUN server, an announced forwarded address, or relaying through TURN each
/// make it play.
/// </summary>
[Collection(NatGroup.Name)]
public sealed class NatEndToEndTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task Viewer_ServerBehindNatWithHostCandidatesOnly_IceFailsAndTheServerSaysWhy()
    {
        await using var nat = await NatTopology.CreateAsync();
        await using var server = await StartServerAsync(nat, """
            consent_timeout_seconds = 5
            disconnected_timeout_seconds = 2
            """);
        await using var browser = await HeadlessChromium.LaunchAsync();
        await using var viewer = await WhepViewer.OpenAsync(browser);

        var answer = await viewer.ConnectAsync(server.WhepUrl, server.Token, new { iceServers = Array.Empty<object>() });
        output.WriteLine(answer);
        Assert.Contains($" {NatTopology.ServerAddress} ", answer, StringComparison.Ordinal);
        Assert.Contains("a=ice-lite", answer, StringComparison.Ordinal); // auto without STUN/TURN: lite

        await Poll.UntilAsync(() => server.Output.Contains("the viewer never reached the server", StringComparison.Ordinal), "the server reporting the failed viewer", Deadline);
        var stats = await viewer.StatsAsync();
        output.WriteLine($"viewer {stats}");
        Assert.Equal(0, stats.FramesDecoded);
        Assert.DoesNotContain("connected", stats.IceStates, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Viewer_ServerBehindNatWithStun_ServerGathersServerReflexiveAndVideoPlays()
    {
        await using var nat = await NatTopology.CreateAsync();
        await using var stun = await CoturnServer.StartAsync(null, IPAddress.Parse(nat.PublicGateway));
        await using var server = await StartServerAsync(nat, $"""
            stun_servers = ["stun:{nat.PublicGateway}:{stun.Port}"]
            """);
        await using var browser = await HeadlessChromium.LaunchAsync();
        await using var viewer = await WhepViewer.OpenAsync(browser);

        var answer = await viewer.ConnectAsync(server.WhepUrl, server.Token, new { iceServers = Array.Empty<object>() });
        output.WriteLine(answer);
        Assert.DoesNotContain("a=ice-lite", answer, StringComparison.Ordinal);
        Assert.Contains($" {nat.PublicAddress} ", answer, StringComparison.Ordinal);
        Assert.Contains($"typ srflx raddr {NatTopology.ServerAddress}", answer, StringComparison.Ordinal);

        var stats = await viewer.WaitForFramesAsync(30, Deadline);
        output.WriteLine($"viewer {stats}");
        Assert.StartsWith(nat.PublicAddress + ":", stats.RemoteAddress, StringComparison.Ordinal); // through the NAT's mapping
        Assert.Contains($"mapped {nat.PublicAddress}:", server.Output, StringComparison.Ordinal); // the start-up reachability probe
        Assert.Contains("ICE full (auto: behind NAT)", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Viewer_ServerBehindPortForwardWithAnnouncedAddress_VideoPlaysWithoutStun()
    {
        await using var nat = await NatTopology.CreateAsync();
        var port = FreePorts.Udp();
        nat.Forward("udp", port);
        await using var server = await StartServerAsync(nat, $"""
            port = {port}
            announced_addresses = ["{nat.PublicAddress}"]
            """);
        await using var browser = await HeadlessChromium.LaunchAsync();
        await using var viewer = await WhepViewer.OpenAsync(browser);

        var answer = await viewer.ConnectAsync(server.WhepUrl, server.Token, new { iceServers = Array.Empty<object>() });
        output.WriteLine(answer);
        Assert.Contains("a=ice-lite", answer, StringComparison.Ordinal);
        Assert.Contains($" {nat.PublicAddress} {port} typ host", answer, StringComparison.Ordinal);

        var stats = await viewer.WaitForFramesAsync(30, Deadline);
        output.WriteLine($"viewer {stats}");
        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"{nat.PublicAddress}:{port}"), stats.RemoteAddress);
    }

    [Fact]
    public async Task RelayOnlyViewer_ServerBehindNatAllocatesOnTurn_VideoPlaysThroughCoturn()
    {
        await using var nat = await NatTopology.CreateAsync();
        await using var turn = await CoturnServer.StartAsync(null, IPAddress.Parse(nat.PublicGateway));
        var turnUri = $"turn:{nat.PublicGateway}:{turn.Port}?transport=udp";
        await using var server = await StartServerAsync(nat, $"""
            turn_servers = ["{turnUri}"]
            turn_username = "{CoturnServer.Username}"
            turn_credential = "{CoturnServer.Password}"
            """);
        await using var browser = await HeadlessChromium.LaunchAsync();
        await using var viewer = await WhepViewer.OpenAsync(browser);

        var answer = await viewer.ConnectAsync(server.WhepUrl, server.Token, new
        {
            iceServers = new[] { new { urls = turnUri, username = CoturnServer.Username, credential = CoturnServer.Password } },
            iceTransportPolicy = "relay",
        });
        output.WriteLine(answer);
        Assert.Contains($" {nat.PublicGateway} ", answer, StringComparison.Ordinal); // the server's own relayed address

        var stats = await viewer.WaitForFramesAsync(30, Deadline);
        output.WriteLine($"viewer {stats}");
        Assert.Equal("relay", stats.LocalType);
    }

    /// <summary>
    /// A network that blocks UDP: the router drops every UDP datagram from the server (forwarded or to the router
    /// itself). coturn runs in the router's namespace on its public address, TLS on port 443 (a namespace has ports of
    /// its own, so 443 is free there), with a self-signed certificate the server trusts through turn_tls_ca_file.
    /// The server's own allocation must go over TLS; Chromium (root namespace, relay-only) also uses turns: and needs
    /// --ignore-certificate-errors for the self-signed certificate (without it, Chromium 1xx headless gathers no relayed
    /// candidate from a turns: server whose certificate it does not trust: ICE stays "new", nothing plays).
    /// </summary>
    [Fact]
    public async Task RelayOnlyViewer_UdpBlockedServerUsesTurnOverTlsOn443_VideoPlays()
    {
        await using var nat = await NatTopology.CreateAsync();
        nat.BlockUdpFromServer();
        await using var turn = await CoturnServer.StartAsync(null, IPAddress.Parse(nat.PublicAddress), nat.RouterCommandPrefix, 443);
        var turnUri = $"turns:{nat.PublicAddress}:443";
        await using var server = await StartServerAsync(nat, $"""
            turn_servers = ["{turnUri}"]
            turn_username = "{CoturnServer.Username}"
            turn_credential = "{CoturnServer.Password}"
            turn_tls_ca_file = "{turn.CertificatePath}"
            """);
        await using var browser = await HeadlessChromium.LaunchAsync(extraFlags: ["--ignore-certificate-errors"]);
        await using var viewer = await WhepViewer.OpenAsync(browser);

        var answer = await viewer.ConnectAsync(server.WhepUrl, server.Token, new
        {
            iceServers = new[] { new { urls = turnUri, username = CoturnServer.Username, credential = CoturnServer.Password } },
            iceTransportPolicy = "relay",
        });
        output.WriteLine(answer);
        WhepViewerStats stats;
        try
        {
            stats = await viewer.WaitForFramesAsync(30, Deadline);
        }
        finally
        {
            output.WriteLine(nat.RouterRules());
            output.WriteLine(server.Output);
        }

        output.WriteLine($"viewer {stats}");
        Assert.Contains($"TURN {turnUri} OK (tls, relayed {nat.PublicAddress}:", server.Output, StringComparison.Ordinal); // the start check
        Assert.Contains($"TURN allocation on {nat.PublicAddress}:443 (Tls)", server.Output, StringComparison.Ordinal); // the session's own
        Assert.Contains($" {nat.PublicAddress} ", answer, StringComparison.Ordinal);
        Assert.Equal("relay", stats.LocalType);
        Assert.Equal("tls", stats.LocalRelayProtocol); // Chromium's leg to coturn
    }

    private async Task<ServerProcess> StartServerAsync(NatTopology nat, string transportConfig)
    {
        var port = FreePorts.Tcp();
        nat.Forward("tcp", port);
        var token = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var config = $"""
            [capture.testpattern]
            width = 960
            height = 540
            fps = 30

            [transport.webrtc]
            interfaces = ["{NatTopology.ServerAddress}"]
            ipv6 = false
            # the WHEP viewer posts one offer and reads one answer (no PATCH), so every candidate must be in the answer
            trickle = false
            {transportConfig}
            """;
        try
        {
            return await ServerProcess.StartAsync(new ServerLaunch("testpattern", token, config)
            {
                CommandPrefix = nat.ServerCommandPrefix,
                Port = port,
                ListenAddress = "0.0.0.0",
                ReachableHost = nat.PublicAddress,
                StartTimeout = TimeSpan.FromSeconds(60),
            });
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            output.WriteLine(nat.RouterRules());
            throw;
        }
    }
}

/// <summary>The NAT tests run one at a time (each builds its own namespaces, server, browser and coturn).</summary>
[CollectionDefinition(Name)]
public sealed class NatGroup
{
    public const string Name = "nat";
}
