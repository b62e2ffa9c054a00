using System.Globalization;
using Microsoft.Playwright;
using WlWebRtc.EndToEnd.Tests.Desktop;
using WlWebRtc.EndToEnd.Tests.Support;
using WlWebRtc.Testing;
using WlWebRtc.Testing.Desktop;
using WlWebRtc.Testing.Server;
using Xunit.Abstractions;

namespace WlWebRtc.EndToEnd.Tests;

/// <summary>
/// Issue 15 end to end on real headless mutter: <c>wlwebrtc start --capture gnome</c> with input plugin gnome (Mutter's
/// own ScreenCast and RemoteDesktop APIs, no portal), the built-in viewer in headless Chromium: a click and typed text
/// from the page reach foot on mutter; with a virtual monitor and <c>[display] follow_viewer</c>, the viewer's stage
/// size and devicePixelRatio size the stream.
/// </summary>
[Collection(MutterGroup.Name)]
public sealed class GnomeEndToEndTests(SmallMutter mutter, ITestOutputHelper output)
{
    private const string Token = "e2e-gnome-token-0123456789";

    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task Viewer_ClickAndTyping_ReachFootOnMutter()
    {
        await using var server = await MutterServer.StartAsync(mutter, Token);

        // foot reports mouse buttons to the program (xterm mode 1000) and cat -v writes what it reads, so the file shows
        // the click (ESC [ M …, as ^[[M) and the typed line
        var file = Path.Combine(mutter.RunDirectory, "gnome-e2e-" + Guid.NewGuid().ToString("N"));
        using var foot = mutter.StartProcess("foot-e2e-gnome", "foot", "sh", "-c", $"printf '\\033[?1000h'; stty -echo; exec cat -v > '{file}'");
        try
        {
            await using var viewer = await ViewerPage.OpenAsync(server.ViewerUrl);
            await viewer.WaitUntilPlayingWithControlAsync(TimeSpan.FromSeconds(60));
            var deadline = DateTime.UtcNow + StepTimeout;
            var text = "";
            while (!(text.Contains("^[[M", StringComparison.Ordinal) && text.EndsWith("hi\n", StringComparison.Ordinal)))
            {
                Assert.True(DateTime.UtcNow < deadline, $"foot did not get the click and the line: '{text}'; foot running: {foot.IsRunning} {foot.LogTail(5)}\nconsole:\n{viewer.ConsoleText}\nserver:\n{server.Output}");
                var state = await viewer.VideoStateAsync();
                var (x, y) = state.PagePointOf(state.VideoWidth / 2.0, state.VideoHeight / 2.0);
                await viewer.Page.Mouse.ClickAsync((float)x, (float)y);
                await viewer.Page.Keyboard.TypeAsync("hi");
                await viewer.Page.Keyboard.PressAsync("Enter");
                await Task.Delay(500);
                text = File.Exists(file) ? await File.ReadAllTextAsync(file) : "";
            }
        }
        finally
        {
            output.WriteLine(server.Output);
        }
    }

    [Fact]
    public async Task Viewer_StageOf1000x700AtRatio2_VirtualMonitorStreamsThatSize()
    {
        await using var server = await ServerProcess.StartAsync(new ServerLaunch("gnome", Token, """
            [capture]
            max_fps = 30

            [capture.gnome]
            mode = "virtual"
            cursor_mode = "embedded"

            [input]
            plugin = "gnome"

            [display]
            follow_viewer = true
            """)
        {
            Environment = mutter.Environment,
            StartTimeout = TimeSpan.FromSeconds(120),
        });
        try
        {
            await using var viewer = await ViewerPage.OpenAsync(server.ViewerUrl);
            await viewer.WaitUntilPlayingWithControlAsync(TimeSpan.FromSeconds(60));

            await SetWindowAsync(viewer.Page, 1000, 700, 2);
            await WaitForFramesAsync(viewer, 2000, 1400, server);

            // the ratio becomes the monitor's scale (mutter 43 allows 2 at 2000x1400)
            await Poll.UntilAsync(
                () => server.Output.Contains("Mutter's virtual monitor now has scale 2", StringComparison.Ordinal),
                "the virtual monitor's scale of 2",
                TimeSpan.FromSeconds(30),
                TimeSpan.FromMilliseconds(250));

            await SetWindowAsync(viewer.Page, 800, 600, 1);
            await WaitForFramesAsync(viewer, 800, 600, server);
        }
        finally
        {
            output.WriteLine(server.Output);
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

    /// <summary>
    /// Waits until the viewer decodes frames of the size; moves the pointer over the video meanwhile (the cursor is
    /// drawn into the frames, and a resized virtual monitor sends its next frame at the next damage).
    /// </summary>
    private async Task WaitForFramesAsync(ViewerPage viewer, int width, int height, ServerProcess server)
    {
        var deadline = DateTime.UtcNow + StepTimeout;
        var state = await viewer.VideoStateAsync();
        var step = 0;
        while (!(state.VideoWidth == width && state.VideoHeight == height && state.StatsWidth == width && state.StatsHeight == height))
        {
            Assert.True(DateTime.UtcNow < deadline, string.Create(CultureInfo.InvariantCulture, $"the viewer did not decode {width}x{height} frames: {state}.\nConsole:\n{viewer.ConsoleText}\nServer:\n{server.Output}"));
            var box = state.Element;
            await viewer.Page.Mouse.MoveAsync((float)(box.Left + (box.Width * (0.3 + (0.1 * (step++ % 4))))), (float)(box.Top + (box.Height / 2)));
            await Task.Delay(250);
            state = await viewer.VideoStateAsync();
        }

        output.WriteLine($"viewer at {width}x{height}: {state}");
    }
}
