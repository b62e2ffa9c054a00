using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using WlWebRtc.EndToEnd.Tests.Desktop;
using WlWebRtc.Testing;
using WlWebRtc.Testing.Browser;
using WlWebRtc.Testing.Desktop;
using WlWebRtc.Testing.Network;
using WlWebRtc.Testing.Server;
using Xunit.Abstractions;

namespace WlWebRtc.EndToEnd.Tests;

/// <summary>
/// Issue 14, "a slow viewer must not drag a fast one down": the real server captures a terminal scrolling random text
/// (content that fills whatever bitrate it gets) for two headless Chromium viewers at once, each through its own WAN
/// emulator: a fast one (20 Mb/s) and a slow one (600 kb/s). The server announces only the fast relay's address; the
/// slow viewer's WHEP goes through a small proxy that rewrites that address in the answer to the slow relay's, so
/// each browser's media takes its own link. With encoder tiers (the default) the fast viewer's stream stays well above
/// what the slow link carries; with one encoder it would follow the slow viewer's estimate.
/// </summary>
[Collection(DesktopGroup.Name)]
public sealed class TieredViewersEndToEndTests(HeadlessDesktop desktop, ITestOutputHelper output)
{
    private const string Token = "e2e-tiers-token-0123456789";
    private const long SlowLink = 600_000;
    private static readonly IPAddress FastRelayAddress = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress SlowRelayAddress = IPAddress.Parse("127.0.0.3");

    [Fact]
    public async Task TwoViewers_OneOnASlowLink_TheFastOneKeepsAHigherBitrate()
    {
        using var terminal = await desktop.StartRandomTextTerminalAsync();
        var port = FreePorts.Udp();
        await using var server = await ServerProcess.StartAsync(new ServerLaunch("portal", Token, $"""
            [capture]
            max_fps = 30

            [capture.portal]
            persist_restore_token = false

            [input]
            plugin = "none"

            [transport.webrtc]
            interfaces = ["127.0.0.1"]
            ipv6 = false
            single_port = true
            port = {port}
            announced_addresses = ["{FastRelayAddress}"]
            announce_local = false
            """)
        {
            Environment = desktop.Environment,
            StartTimeout = TimeSpan.FromSeconds(120),
        });
        var duration = TimeSpan.FromSeconds(25);
        var fast = new WanProfile("fast", "20 Mb/s, 40 ms RTT", Link(20_000_000), Link(20_000_000), duration);
        var slow = new WanProfile("slow", "600 kb/s, 40 ms RTT", Link(SlowLink), Link(SlowLink), duration);
        var serverSocket = new IPEndPoint(IPAddress.Loopback, port);

        var fastRun = PlayThroughRelayAsync(fast, FastRelayAddress, serverSocket, port, server.WhepUrl);
        var slowRun = PlayThroughSecondRelayAsync(slow, serverSocket, port, server.WhepUrl);
        var (fastTrace, fastMetrics) = await fastRun;
        var (slowTrace, slowMetrics) = await slowRun;

        // Video bytes the browser received (inbound-rtp, without the transport's probe padding, which the relay's
        // counts include), over the last 10 s: both estimates have settled and the fast viewer sits in its own tier.
        var fastMbps = MediaMbps(fastTrace);
        var slowMbps = MediaMbps(slowTrace);
        var serverLines = server.Output.Split('\n');
        var moves = serverLines.Count(l => l.Contains("moves from encoder tier", StringComparison.Ordinal));
        var movesWhileBoth = MovesWhileBothConnected(serverLines);
        var context = string.Create(CultureInfo.InvariantCulture,
            $"fast viewer: video {fastMbps:0.00} Mb/s over the last 10 s, link Mb/s per s [{string.Join(' ', fastMetrics.SentMbpsPerSecond)}], {fastMetrics.Frames} frames; " +
            $"slow viewer: video {slowMbps:0.00} Mb/s, link Mb/s per s [{string.Join(' ', slowMetrics.SentMbpsPerSecond)}], {slowMetrics.Frames} frames; " +
            $"{moves} tier moves; errors: {fastTrace.Error} / {slowTrace.Error}\nServer:\n{server.Output}");
        output.WriteLine(context);
        Assert.True(fastTrace.Ok && slowTrace.Ok, context);
        Assert.True(slowMetrics.Frames >= 10, "The slow viewer got fewer than 10 frames. " + context);
        Assert.True(fastMbps >= 2 * SlowLink / 1e6, $"The fast viewer got under twice the slow link's {SlowLink / 1e6} Mb/s: the slow viewer dragged it down. " + context);

        // No flapping: on two steady links the slow viewer moves down to the second tier once and stays there (each
        // move costs a keyframe). Once the first viewer leaves the other may rightly move back, so only the moves
        // while both are connected count.
        Assert.True(movesWhileBoth is [var only] && only.EndsWith("to 1", StringComparison.Ordinal),
            $"Expected one tier move (the slow viewer down to tier 1) while both viewers were connected, got [{string.Join("; ", movesWhileBoth)}]. " + context);
    }

    /// <summary>
    /// The tier moves the server logged ("… moves from encoder tier A to B") before the first viewer's session ended,
    /// as "from A to B". The session's own line comes first: the gateway may regroup without the viewer a moment
    /// before it logs that the viewer left.
    /// </summary>
    private static List<string> MovesWhileBothConnected(IEnumerable<string> serverLines)
    {
        string[] ends = [": closed by the viewer", ": the viewer sent RTCP BYE", " left ("];
        var moves = new List<string>();
        foreach (var line in serverLines.TakeWhile(l => !ends.Any(end => l.Contains(end, StringComparison.Ordinal))))
        {
            var at = line.IndexOf("moves from encoder tier ", StringComparison.Ordinal);
            if (at >= 0)
            {
                var tiers = line[(at + "moves from encoder tier ".Length)..].Split(' ');
                moves.Add($"from {tiers[0]} to {tiers[2]}");
            }
        }

        return moves;
    }

    private static LinkShape Link(long bitsPerSecond) => new() { Phases = LinkShape.Constant(bitsPerSecond), OneWayDelay = TimeSpan.FromMilliseconds(20) };

    /// <summary>The video bitrate the browser received over its last 10 s of samples (one a second).</summary>
    private static double MediaMbps(PlaybackTrace trace)
    {
        var tail = trace.Stats.TakeLast(11).ToArray();
        return tail.Length < 2 ? 0 : (tail[^1].BytesReceived - tail[0].BytesReceived) * 8 / 1e6 / ((tail[^1].At - tail[0].At) / 1000);
    }

    /// <summary>
    /// Plays the server through a relay of its own at <see cref="SlowRelayAddress"/>: the browser posts its offer to a
    /// proxy that forwards it to the server and puts this relay's address in the answer's candidates.
    /// </summary>
    private static async Task<(PlaybackTrace Trace, WanRunMetrics Metrics)> PlayThroughSecondRelayAsync(WanProfile profile, IPEndPoint server, int port, Uri whep)
    {
        using var http = new HttpClient();
        await using var proxy = await LoopbackKestrel.StartAsync(endpoints =>
        {
            endpoints.MapMethods("/whep", ["OPTIONS"], (HttpContext context) =>
            {
                AllowAnyOrigin(context);
                return Results.NoContent();
            });
            endpoints.MapPost("/whep", async (HttpContext context) =>
            {
                AllowAnyOrigin(context);
                using var reader = new StreamReader(context.Request.Body);
                using var request = new HttpRequestMessage(HttpMethod.Post, whep) { Content = new StringContent(await reader.ReadToEndAsync(), new MediaTypeHeaderValue("application/sdp")) };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
                using var response = await http.SendAsync(request);
                var answer = (await response.Content.ReadAsStringAsync()).Replace(FastRelayAddress.ToString(), SlowRelayAddress.ToString(), StringComparison.Ordinal);
                return Results.Text(answer, "application/sdp", statusCode: (int)response.StatusCode);
            });
        });
        return await PlayThroughRelayAsync(profile, SlowRelayAddress, server, port, new Uri(proxy.Address, "whep"));
    }

    /// <summary>Plays <paramref name="whep"/> in a browser of its own while a UDP relay at <paramref name="relayAddress"/> shapes its media.</summary>
    private static async Task<(PlaybackTrace Trace, WanRunMetrics Metrics)> PlayThroughRelayAsync(WanProfile profile, IPAddress relayAddress, IPEndPoint server, int port, Uri whep)
    {
        await using var page = await LoopbackKestrel.StartAsync(endpoints => endpoints.MapGet("/", () => Results.Content(WanPlayer.Page, "text/html")));
        await using var browser = await HeadlessChromium.LaunchAsync();
        using var relay = WanRelay.Start(new IPEndPoint(relayAddress, port), server, profile.Down, profile.Up);
        var trace = await WanPlayer.PlayAsync(browser, page.Address, whep, Token, profile.Duration);
        return (trace, WanRunMetrics.From(profile, trace, relay.Down.Statistics, relay.StartedUnixMs));
    }

    private static void AllowAnyOrigin(HttpContext context)
    {
        context.Response.Headers.AccessControlAllowOrigin = "*";
        context.Response.Headers.AccessControlAllowHeaders = "authorization, content-type";
        context.Response.Headers.AccessControlAllowMethods = "POST, OPTIONS";
    }
}
