using System.Net;
using WlWebRtc.EndToEnd.Tests.Desktop;
using WlWebRtc.Testing;
using WlWebRtc.Testing.Desktop;
using WlWebRtc.Testing.Network;
using WlWebRtc.Testing.Server;
using Xunit.Abstractions;

namespace WlWebRtc.EndToEnd.Tests;

/// <summary>
/// Issue 14, the short CI version of <c>wlwebrtc-bench wan</c>: the real server captures the headless desktop with a
/// terminal scrolling random text and plays it in headless Chromium through the WAN emulator (3 Mb/s, 40 ms RTT,
/// 150 ms queue). It asserts only what must hold whatever the sender's tuning: video arrives through the emulator
/// and keeps arriving, the content loads the bottleneck at least once, and the round trip stays bounded (the
/// emulator's queue is; a growing RTT would be a queue outside it). Speed figures are the bench's job.
/// </summary>
[Collection(DesktopGroup.Name)]
public sealed class WanEndToEndTests(HeadlessDesktop desktop, ITestOutputHelper output)
{
    private const string Token = "e2e-wan-token-0123456789";

    [Fact]
    public async Task Viewer_ThroughEmulated3MbpsLink_PlaysAndLoadsTheBottleneck()
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

            {WanRun.ServerTransportToml(port)}
            """)
        {
            Environment = desktop.Environment,
            StartTimeout = TimeSpan.FromSeconds(120),
        });
        var profile = WanProfile.Dsl3.WithDuration(TimeSpan.FromSeconds(20));

        var result = await WanRun.PlayAsync(profile, new IPEndPoint(IPAddress.Loopback, port), port, server.WhepUrl, Token);

        var m = result.Metrics;
        var context = $"first frame {m.FirstFrameSeconds} s, {m.Frames} frames, sent Mb/s per s [{string.Join(' ', m.SentMbpsPerSecond)}], " +
            $"queue max ms per s [{string.Join(' ', m.QueueMaxMsPerSecond)}], rtt p95 {m.RttP95Ms} ms; trace error: {result.Trace.Error}\n" +
            $"Browser:\n{result.BrowserConsole}\nServer:\n{server.Output}";
        output.WriteLine(context);
        Assert.True(result.Trace.Ok, context);
        Assert.True(m.Frames >= 30, "Fewer than 30 frames arrived through the emulator. " + context);
        var lastQuarter = result.Trace.StartedAt + (profile.Duration.TotalMilliseconds * 0.75);
        Assert.True(result.Trace.Frames.Any(f => f >= lastQuarter), "No frame in the run's last quarter: the video stalled. " + context);
        var bins = result.Down.Snapshot().Bins;
        Assert.True(bins.Any(b => b.Utilisation >= 0.6), "No 100 ms of the run used 60 % of the 3 Mb/s bottleneck: the content or the path did not load it. " + context);
        Assert.True(m.RttP95Ms is < 2000, "The round trip did not stay under 2 s. " + context);
    }
}
