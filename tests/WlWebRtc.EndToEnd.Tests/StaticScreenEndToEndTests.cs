using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using WlWebRtc.EndToEnd.Tests.Desktop;
using WlWebRtc.EndToEnd.Tests.Support;
using WlWebRtc.Testing.Desktop;
using WlWebRtc.Testing.Server;
using Xunit.Abstractions;

namespace WlWebRtc.EndToEnd.Tests;

/// <summary>
/// Issue 6, "a static screen encodes nothing": the real server (portal capture, x264) on the headless desktop with one
/// viewer in headless Chromium. While the screen is static the encoded-frame counter of /metrics grows only by
/// keyframes (requested by the viewer; the periodic refresh is set to 60 s); a change on the screen makes it grow.
/// The capture-level counterpart is PortalCaptureTests.Capture_StaticScreen_NoFramesOnceSettled (WlWebRtc.Capture.Tests).
/// </summary>
[Collection(DesktopGroup.Name)]
public sealed class StaticScreenEndToEndTests(HeadlessDesktop desktop, ITestOutputHelper output)
{
    private const string MetricsToken = "e2e-metrics-token-0123456789";
    private static readonly TimeSpan StaticPeriod = TimeSpan.FromSeconds(6);

    [Fact]
    public async Task Server_StaticScreenWithAViewer_EncodesNothingButKeyframesUntilTheScreenChanges()
    {
        // The first line belongs to the [server] table the launcher writes: /metrics needs its own token.
        await using var server = await ServerProcess.StartAsync(new ServerLaunch("portal", DesktopServer.Token, $"""
            metrics_token = "{MetricsToken}"

            [capture]
            max_fps = 30

            [capture.portal]
            persist_restore_token = false

            [encoder]
            keyframe_refresh_seconds = 60
            """)
        {
            Encoder = "x264",
            Environment = desktop.Environment,
            LogLevel = "debug",
            StartTimeout = TimeSpan.FromSeconds(120),
        });
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", MetricsToken);
        try
        {
            await using var viewer = await ViewerPage.OpenAsync(server.ViewerUrl);
            await WaitUntilDecodingAsync(viewer, TimeSpan.FromSeconds(60));

            // settled: the change that started the picture may take a few frames; then 2 s without a non-key frame
            var settled = await WaitUntilSettledAsync(server, http, TimeSpan.FromSeconds(30));
            await Task.Delay(StaticPeriod);
            var after = await ReadMetricsAsync(server, http);

            output.WriteLine($"static {StaticPeriod.TotalSeconds} s: {settled} -> {after}");
            Assert.True(after.Encoded - settled.Encoded == after.Keyframes - settled.Keyframes,
                $"frames other than keyframes were encoded while the screen was static: {settled} -> {after}");
            Assert.True(after.Captured == settled.Captured, $"frames were captured while the screen was static: {settled} -> {after}");
            Assert.True(await viewer.Page.EvaluateAsync<bool>("() => window.wlwebrtcViewer?.phase === 'playing'"), "the viewer stopped playing");

            // A change of the background normally damages the output at once; once in a while sway's first change after
            // a long still period gives xdpw no frame (seen on a CI machine: no capture for 20 s), so the test changes it
            // again, as a user's screen keeps changing. A server that stopped capturing or encoding still fails here.
            string[] changes = ["#a03070", "#70a030", "#3070a0"];
            Metrics? changed = null;
            foreach (var colour in changes)
            {
                await desktop.SetBackgroundAsync(colour);
                changed = await TryWaitForAsync(server, http, m => m.Encoded - m.Keyframes > after.Encoded - after.Keyframes, TimeSpan.FromSeconds(8));
                if (changed is not null)
                {
                    break;
                }
            }

            Assert.True(changed is not null, $"the encoded-frame counter did not grow after {changes.Length} changes of the screen ({await ReadMetricsAsync(server, http)})");

            output.WriteLine($"after the change: {changed}");
            Assert.True(changed.Value.Captured > after.Captured, $"no frame was captured after the change: {after} -> {changed}");
        }
        finally
        {
            output.WriteLine(server.Output);
        }
    }

    private async Task WaitUntilDecodingAsync(ViewerPage viewer, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var colours = new[] { "#204080", "#306090" };
        for (var i = 0; DateTime.UtcNow < deadline; i++)
        {
            // frames are damage-driven: a change after the viewer connected makes the first one
            if (i % 12 == 0)
            {
                await desktop.SetBackgroundAsync(colours[i / 12 % 2]);
            }

            var decoded = await viewer.Page.EvaluateAsync<JsonElement?>("() => window.wlwebrtcViewer ? window.wlwebrtcViewer.stats.framesDecoded : 0");
            if (decoded is { ValueKind: JsonValueKind.Number } count && count.GetInt64() > 0)
            {
                return;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"The viewer decoded no frame within {timeout.TotalSeconds} s; console:\n{viewer.ConsoleText}");
    }

    private static async Task<Metrics> WaitUntilSettledAsync(ServerProcess server, HttpClient http, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = await ReadMetricsAsync(server, http);
        var quietSince = DateTime.UtcNow;
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            var now = await ReadMetricsAsync(server, http);
            if (now.Encoded - now.Keyframes != last.Encoded - last.Keyframes || now.Captured != last.Captured)
            {
                quietSince = DateTime.UtcNow;
            }

            last = now;
            if (DateTime.UtcNow - quietSince > TimeSpan.FromSeconds(2))
            {
                return now;
            }
        }

        throw new TimeoutException($"The server kept capturing or encoding for {timeout.TotalSeconds} s on a screen left alone: {last}");
    }

    private static async Task<Metrics?> TryWaitForAsync(ServerProcess server, HttpClient http, Func<Metrics, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = await ReadMetricsAsync(server, http);
        while (!condition(last))
        {
            if (DateTime.UtcNow >= deadline)
            {
                return null;
            }

            await Task.Delay(250);
            last = await ReadMetricsAsync(server, http);
        }

        return last;
    }

    private static async Task<Metrics> ReadMetricsAsync(ServerProcess server, HttpClient http)
    {
        var text = await http.GetStringAsync(new Uri(server.BaseUrl, "/metrics"));
        return new Metrics(
            Counter(text, "wlwebrtc_captured_frames_total"),
            Counter(text, "wlwebrtc_encoded_frames_total"),
            Counter(text, "wlwebrtc_encoded_keyframes_total"));
    }

    private static long Counter(string metrics, string name)
    {
        foreach (var line in metrics.Split('\n'))
        {
            if (line.StartsWith(name + " ", StringComparison.Ordinal))
            {
                return (long)double.Parse(line.AsSpan(name.Length + 1), NumberStyles.Float, CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"/metrics has no {name}:\n{metrics}");
    }

    private readonly record struct Metrics(long Captured, long Encoded, long Keyframes)
    {
        public override string ToString() => $"captured {Captured}, encoded {Encoded} (keyframes {Keyframes})";
    }
}
