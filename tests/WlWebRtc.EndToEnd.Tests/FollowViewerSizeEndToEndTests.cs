using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using WlWebRtc.EndToEnd.Tests.Desktop;
using WlWebRtc.EndToEnd.Tests.Support;
using WlWebRtc.Testing;
using WlWebRtc.Testing.Desktop;
using WlWebRtc.Testing.Server;
using Xunit.Abstractions;

namespace WlWebRtc.EndToEnd.Tests;

/// <summary>
/// Issue 16, "a 1000x700 viewer at devicePixelRatio 2 gets an output and frames of the matching size; resizing the
/// browser resizes the desktop; a view-only viewer's size changes nothing": the real server (portal capture, x264,
/// <c>[display] follow_viewer = true</c>) on the headless sway desktop, the built-in viewer in headless Chromium
/// whose window size and devicePixelRatio are set through the DevTools protocol, and sway's own output state; once
/// the viewers leave, the output gets its own size back (<c>restore_after_seconds</c>).
/// </summary>
[Collection(DesktopGroup.Name)]
public sealed class FollowViewerSizeEndToEndTests(HeadlessDesktop desktop, ITestOutputHelper output)
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Viewer_StageSizeAndPixelRatio_DriveTheOutputModeAndScale()
    {
        var original = desktop.OutputSize;
        await using var server = await DesktopServer.StartAsync(desktop, """
            [display]
            follow_viewer = true
            restore_after_seconds = 1
            """);
        try
        {
            await using var viewer = await ViewerPage.OpenAsync(server.ViewerUrl);
            var shade = 0;
            await viewer.WaitUntilPlayingWithControlAsync(TimeSpan.FromSeconds(40), () => desktop.SetBackgroundAsync((++shade % 2) == 0 ? "#203040" : "#304050"));

            // 1000x700 CSS px at devicePixelRatio 2: a 2000x1400 output at scale 2, and frames of 2000x1400
            await SetWindowAsync(viewer.Page, 1000, 700, 2);
            await WaitForOutputAsync(2000, 1400, 2, server);
            await WaitForFramesAsync(viewer, 2000, 1400, "#2a6040", server);

            // the browser window is resized: the desktop follows
            await SetWindowAsync(viewer.Page, 800, 600, 1);
            await WaitForOutputAsync(800, 600, 1, server);
            await WaitForFramesAsync(viewer, 800, 600, "#40602a", server);

            // a view-only viewer of another size: the output keeps the control viewer's size
            var watcher = await viewer.Page.Context.NewPageAsync();
            await watcher.AddInitScriptAsync(ViewerPage.RecordSends);
            await SetWindowAsync(watcher, 1200, 900, 1);
            await watcher.GotoAsync(server.ViewerUrl);
            await UntilAsync(
                async () => await watcher.EvaluateAsync<string?>("() => window.wlwebrtcViewer && window.wlwebrtcViewer.dcOpen ? window.wlwebrtcViewer.role : null") == "view"
                    && (await watcher.EvaluateAsync<string[]>("() => window.__sentOnChannels || []")).Any(m => m.Contains("\"t\":\"vs\"", StringComparison.Ordinal)),
                StepTimeout,
                () => $"the view-only viewer did not open its channel and report its size.\nServer:\n{server.Output}");

            // the control viewer changes once more: that is what the output shows, and it stays so
            await SetWindowAsync(viewer.Page, 1024, 640, 1);
            await WaitForOutputAsync(1024, 640, 1, server);
            for (var i = 0; i < 8; i++)
            {
                Assert.Equal((1024, 640, 1.0), await OutputStateAsync());
                await Task.Delay(250);
            }

            Assert.DoesNotContain("1200x900", server.Output, StringComparison.Ordinal);

            // the viewers leave: a second later the output has its own size back
            await viewer.Page.Context.CloseAsync();
            await WaitForOutputAsync(original.Width, original.Height, 1, server);
        }
        finally
        {
            output.WriteLine(server.Output);
            // the desktop is shared by the collection: leave it as it was (also after a failure mid-change)
            try
            {
                await desktop.SwayMsgAsync("output", HeadlessDesktop.OutputName, "scale", "1");
                await desktop.SetOutputModeAsync(original.Width, original.Height);
            }
            catch (HeadlessDesktopException exception)
            {
                output.WriteLine($"Could not restore {original.Width}x{original.Height} at scale 1: {exception.Message}");
            }
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails with <paramref name="describe"/> (evaluated then) after the timeout.</summary>
    private static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> describe)
    {
        try
        {
            await Poll.UntilAsync(condition, "the condition", timeout, TimeSpan.FromMilliseconds(200));
        }
        catch (Xunit.Sdk.FailException)
        {
            Assert.Fail($"Within {timeout.TotalSeconds} s, {describe()}");
        }
    }

    /// <summary>Gives the page's window <paramref name="width"/>x<paramref name="height"/> CSS pixels at <paramref name="ratio"/> (DevTools Emulation).</summary>
    private static async Task SetWindowAsync(IPage page, int width, int height, double ratio)
    {
        var devtools = await page.Context.NewCDPSessionAsync(page);
        await devtools.SendAsync("Emulation.setDeviceMetricsOverride", new Dictionary<string, object>
        {
            ["width"] = width,
            ["height"] = height,
            ["deviceScaleFactor"] = ratio,
            ["mobile"] = false,
        });
    }

    /// <summary>HEADLESS-1's mode and scale as sway reports them.</summary>
    private async Task<(int Width, int Height, double Scale)> OutputStateAsync()
    {
        using var outputs = JsonDocument.Parse(await desktop.SwayMsgAsync("-t", "get_outputs", "-r"));
        var headless = outputs.RootElement.EnumerateArray().First(o => o.GetProperty("name").GetString() == HeadlessDesktop.OutputName);
        var mode = headless.GetProperty("current_mode");
        return (mode.GetProperty("width").GetInt32(), mode.GetProperty("height").GetInt32(), headless.GetProperty("scale").GetDouble());
    }

    private async Task WaitForOutputAsync(int width, int height, double scale, ServerProcess server)
    {
        (int, int, double) state = default;
        await UntilAsync(
            async () => (state = await OutputStateAsync()) == (width, height, scale),
            StepTimeout,
            () => string.Create(CultureInfo.InvariantCulture, $"sway's output did not become {width}x{height} at scale {scale}: {state}.\nServer:\n{server.Output}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"output {width}x{height} at scale {scale}"));
    }

    /// <summary>Waits until the viewer decodes frames of <paramref name="width"/>x<paramref name="height"/>; repaints meanwhile (frames are damage-driven).</summary>
    private async Task WaitForFramesAsync(ViewerPage viewer, int width, int height, string colour, ServerProcess server)
    {
        var state = await viewer.VideoStateAsync();
        var nextRepaint = DateTime.UtcNow;
        await UntilAsync(
            async () =>
            {
                if (DateTime.UtcNow >= nextRepaint)
                {
                    await desktop.SetBackgroundAsync(colour);
                    nextRepaint = DateTime.UtcNow + TimeSpan.FromSeconds(3);
                }

                state = await viewer.VideoStateAsync();
                return state.VideoWidth == width && state.VideoHeight == height && state.StatsWidth == width && state.StatsHeight == height;
            },
            StepTimeout,
            () => $"the viewer did not decode {width}x{height} frames: {state}.\nConsole:\n{viewer.ConsoleText}\nServer:\n{server.Output}");
        output.WriteLine($"viewer at {width}x{height}: {state}");
    }
}
