using WlWebRtc.EndToEnd.Tests.Desktop;
using WlWebRtc.Testing.Desktop;
using WlWebRtc.Testing.Network;
using WlWebRtc.Testing.Network.Wire;
using WlWebRtc.Testing.Server;
using Xunit.Abstractions;

namespace WlWebRtc.EndToEnd.Tests;

/// <summary>
/// Issue 14, the short CI version of <c>wlwebrtc-bench wan</c>: the real server runs in the emulator's server
/// namespace and captures the headless desktop with a terminal scrolling random text; headless Chromium in the viewer
/// namespace plays it through the TUN wire (3 Mb/s, 40 ms RTT, 150 ms queue), signalling included. It asserts only
/// behaviour: the WHEP exchange and the media crossed the wire, video keeps arriving, the content loads the
/// bottleneck at least once. No timing is asserted; the figures are the bench's job.
/// </summary>
[Collection(DesktopGroup.Name)]
public sealed class WanEndToEndTests(HeadlessDesktop desktop, ITestOutputHelper output)
{
    private const string Token = "e2e-wan-token-0123456789";

    [Fact]
    public async Task Viewer_ThroughEmulated3MbpsLink_PlaysAndLoadsTheBottleneck()
    {
        using var terminal = await desktop.StartRandomTextTerminalAsync();
        using var network = WanNetwork.Create();
        await using var server = await WanRun.StartServerAsync(new ServerLaunch("portal", Token, $"""
            [capture]
            max_fps = 30

            [capture.portal]
            persist_restore_token = false

            [input]
            plugin = "none"

            {WanRun.ServerTransportToml()}
            """)
        {
            Environment = desktop.Environment,
            StartTimeout = TimeSpan.FromSeconds(120),
        }, network, output.WriteLine);
        var profile = WanProfile.Dsl3.WithDuration(TimeSpan.FromSeconds(20));

        var result = await WanRun.PlayAsync(profile, network, WanRun.WhepAcrossTheWire(server.BaseUrl.Port), Token);

        var m = result.Metrics;
        var upBytes = result.Up.Snapshot().Bins.Sum(b => b.SentBytes);
        var context = $"first frame {m.FirstFrameSeconds} s, {m.Frames} frames, sent Mb/s per s [{string.Join(' ', m.SentMbpsPerSecond)}], " +
            $"queue max ms per s [{string.Join(' ', m.QueueMaxMsPerSecond)}], up {upBytes} bytes, latency p50 {m.LatencyP50Ms} ms, " +
            $"wire lateness p50/p99 {result.Precision.P50:0}/{result.Precision.P99:0} us; trace error: {result.Trace.Error}\nBrowser:\n{result.BrowserConsole}\nServer:\n{server.Output}";
        output.WriteLine(context);
        Assert.True(result.Trace.Ok, context);
        Assert.True(m.Frames >= 30, "Fewer than 30 frames arrived through the emulator. " + context);
        var lastQuarter = result.Trace.StartedAt + (profile.Duration.TotalMilliseconds * 0.75);
        Assert.True(result.Trace.Frames.Any(f => f >= lastQuarter), "No frame in the run's last quarter: the video stalled. " + context);
        // The viewer's WHEP POST (TCP) and its ICE/DTLS/RTCP went up the wire: there is no other path.
        Assert.True(upBytes > 2000, "Almost nothing crossed the wire from the viewer. " + context);
        Assert.True(m.LatencyP50Ms is not null, "No presented frame matched an RTP timestamp seen on the wire. " + context);
        var bins = result.Down.Snapshot().Bins;
        Assert.True(bins.Any(b => b.Utilisation >= 0.6), "No 100 ms of the run used 60 % of the 3 Mb/s bottleneck: the content or the path did not load it. " + context);
    }
}
