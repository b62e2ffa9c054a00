using System.Globalization;
using WlWebRtc.EndToEnd.Tests.Desktop;
using WlWebRtc.EndToEnd.Tests.Support;
using WlWebRtc.Testing.Desktop;
using WlWebRtc.Testing.Server;
using Xunit.Abstractions;

namespace WlWebRtc.EndToEnd.Tests;

/// <summary>
/// Issue 7, "captures pointer and keyboard on the video element, maps coordinates through the letterboxing": the
/// built-in viewer in a headless Chromium page much wider than the desktop, so the picture has bars left and right;
/// Playwright's mouse clicks and wheels at the page points showing a window, through the real server, the wlr virtual
/// pointer and sway (headless), to foot terminals.
/// </summary>
[Collection(DesktopGroup.Name)]
public sealed class LetterboxedInputEndToEndTests(HeadlessDesktop desktop, ITestOutputHelper output) : IAsyncLifetime
{
    // 1600x400 for a 16:9 desktop: the picture is 711x400 with bars of 444 px on both sides
    private const int ViewportWidth = 1600;
    private const int ViewportHeight = 400;
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(10);

    private readonly string _scratch = Path.Combine(Path.GetTempPath(), "wlwebrtc-e2e-letterbox-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly List<DesktopProcess> _windows = [];

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_scratch);
        // a click, not the pointer passing over a window, must be what moves focus
        await desktop.SwayMsgAsync("focus_follows_mouse", "no");
    }

    public Task DisposeAsync()
    {
        // Stop, not Dispose: the desktop disposes every process it started when the collection ends
        foreach (var window in _windows)
        {
            window.Stop();
        }

        Directory.Delete(_scratch, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Viewer_ClickOnLetterboxedWindow_FocusesItAndItsShellGetsTheKeys()
    {
        // each shell runs in its own directory: `touch` says which one received the keys
        var left = Directory.CreateDirectory(Path.Combine(_scratch, "left")).FullName;
        var right = Directory.CreateDirectory(Path.Combine(_scratch, "right")).FullName;
        await using var server = await DesktopServer.StartAsync(desktop);
        try
        {
            await using var viewer = await OpenLetterboxedViewerAsync(server);
            await StartShellAsync("e2e-left", left);
            await StartShellAsync("e2e-right", right);
            // The left window narrow (a quarter of the output): with equal halves, even a mapping that ignored the bars
            // would land in the right window (it stretches the picture about the middle); with this split it would not.
            await desktop.SwayMsgAsync("[app_id=\"e2e-left\"]", "resize", "set", "width", "25", "ppt");
            await desktop.SwayMsgAsync("[app_id=\"e2e-left\"]", "focus");
            await SwayWindows.WaitForFocusAsync(desktop, "e2e-left", StepTimeout, () => Task.FromResult("swaymsg focus did not work"));

            await ClickAndTypeAsync(viewer, server, "e2e-right", "touch clicked-right", Path.Combine(right, "clicked-right"));
            await ClickAndTypeAsync(viewer, server, "e2e-left", "touch clicked-left", Path.Combine(left, "clicked-left"));

            Assert.False(File.Exists(Path.Combine(left, "clicked-right")), "the left shell also ran the command typed after clicking the right window");
            Assert.False(File.Exists(Path.Combine(right, "clicked-left")), "the right shell also ran the command typed after clicking the left window");

            // a click on a bar is outside the picture: the viewer sends no button for it, and the focus stays
            var video = await viewer.VideoStateAsync();
            var buttonsBefore = ButtonMessages(await viewer.SentMessagesAsync());
            await viewer.Page.Mouse.ClickAsync((float)(video.Picture.Left + video.Picture.Width + 50), (float)(video.Element.Height / 2));
            await viewer.Page.Mouse.ClickAsync((float)(video.Picture.Left / 2), (float)(video.Element.Height / 2));
            // (Playwright returns once the page has handled the clicks' events, so what the viewer sent is complete)
            Assert.Equal(buttonsBefore, ButtonMessages(await viewer.SentMessagesAsync()));
            Assert.Equal("e2e-left", await SwayWindows.FocusedAppIdAsync(desktop));
        }
        finally
        {
            output.WriteLine(server.Output);
        }
    }

    [Fact]
    public async Task Viewer_WheelOverLetterboxedTerminal_ScrollsBackAndReturns()
    {
        await using var server = await DesktopServer.StartAsync(desktop);
        try
        {
            await using var viewer = await OpenLetterboxedViewerAsync(server);
            _windows.Add(await desktop.StartFootAsync("e2e-scrolled", "sh", "-c", "seq 1 3000; exec sleep 600"));
            var rect = await SwayWindows.RectAsync(desktop, "e2e-scrolled");
            var video = await viewer.VideoStateAsync();
            var (x, y) = video.PagePointOf(rect.CentreX, rect.CentreY);
            await viewer.Page.Mouse.MoveAsync((float)x, (float)y);
            var bottom = await WaitForStableScreenAsync("bottom");

            for (var i = 0; i < 5; i++)
            {
                await viewer.Page.Mouse.WheelAsync(0, -100);
            }

            var scrolledBack = await WaitForScreenAsync(now => !now.AsSpan().SequenceEqual(bottom), "up");
            Assert.True(scrolledBack is not null, $"The terminal did not scroll back after wheeling up at page ({x:0},{y:0}) over {rect}; video {video}.\n" +
                $"{await DescribeAsync(viewer, server)}");

            for (var i = 0; i < 5; i++)
            {
                await viewer.Page.Mouse.WheelAsync(0, 100);
            }

            var returned = await WaitForScreenAsync(now => now.AsSpan().SequenceEqual(bottom), "down");
            Assert.True(returned is not null, $"The terminal did not return to its bottom after wheeling down.\n{await DescribeAsync(viewer, server)}");
            var sent = await viewer.SentMessagesAsync();
            output.WriteLine($"wheel messages: {string.Join(", ", sent.Where(m => m.Contains("\"pw\"", StringComparison.Ordinal)))}");
        }
        finally
        {
            output.WriteLine(server.Output);
        }
    }

    private async Task<ViewerPage> OpenLetterboxedViewerAsync(ServerProcess server)
    {
        var viewer = await ViewerPage.OpenAsync(server.ViewerUrl);
        try
        {
            await viewer.Page.SetViewportSizeAsync(ViewportWidth, ViewportHeight);
            var shade = 0;
            await viewer.WaitUntilPlayingWithControlAsync(TimeSpan.FromSeconds(40), () => desktop.SetBackgroundAsync((++shade % 2) == 0 ? "#203040" : "#304050"));
            var video = await viewer.VideoStateAsync();
            var (width, height) = desktop.OutputSize;
            Assert.True(video.VideoWidth == width && video.VideoHeight == height, $"the video is not the desktop's size ({width}x{height}): {video}");
            // bars left and right, none above or below
            Assert.True(video.Picture.Left > 100 && Math.Abs(video.Picture.Height - video.Element.Height) < 1, $"the picture is not letterboxed left and right: {video}");
            output.WriteLine($"letterboxed: {video}");
            return viewer;
        }
        catch
        {
            await viewer.DisposeAsync();
            throw;
        }
    }

    private async Task ClickAndTypeAsync(ViewerPage viewer, ServerProcess server, string appId, string command, string expectedFile)
    {
        var rect = await SwayWindows.RectAsync(desktop, appId);
        var video = await viewer.VideoStateAsync();
        var (x, y) = video.PagePointOf(rect.CentreX, rect.CentreY);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{appId} at {rect}: clicking page ({x:0.#},{y:0.#}); {video}"));
        await viewer.Page.Mouse.ClickAsync((float)x, (float)y);
        await SwayWindows.WaitForFocusAsync(desktop, appId, StepTimeout, async () =>
            $"Clicked page ({x:0.#},{y:0.#}) for {appId} at {rect}; video {video}.\n{await DescribeAsync(viewer, server)}");

        await viewer.Page.Keyboard.TypeAsync(command);
        await viewer.Page.Keyboard.PressAsync("Enter");
        var deadline = DateTime.UtcNow + StepTimeout;
        while (!File.Exists(expectedFile))
        {
            if (DateTime.UtcNow > deadline)
            {
                var written = string.Join(", ", Directory.EnumerateFiles(_scratch, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(_scratch, f)));
                Assert.Fail($"{expectedFile} was not created within {StepTimeout.TotalSeconds} s after typing '{command}' (files: [{written}]).\n{await DescribeAsync(viewer, server)}");
            }

            await Task.Delay(50);
        }
    }

    private static int ButtonMessages(IReadOnlyList<string> sent) => sent.Count(m => m.Contains("\"t\":\"pb\"", StringComparison.Ordinal));

    private async Task StartShellAsync(string appId, string directory) =>
        _windows.Add(await desktop.StartFootAsync(appId, "sh", "-c", "cd \"$0\" && exec sh", directory));

    private async Task<string> DescribeAsync(ViewerPage viewer, ServerProcess server)
    {
        var sent = await viewer.SentMessagesAsync();
        return $"The viewer sent {sent.Count} messages:\n{string.Join('\n', sent.TakeLast(40))}\nConsole:\n{viewer.ConsoleText}\n" +
            $"Windows: {string.Join("; ", _windows.Select(w => $"{w.Name}: {w.LogTail(5)}"))}\nServer:\n{server.Output}";
    }

    private async Task<byte[]> ScreenshotAsync(string name)
    {
        var path = Path.Combine(_scratch, $"{name}-{Environment.TickCount64}.png");
        var result = await desktop.RunAsync("grim", [path]);
        Assert.True(result.ExitCode == 0, $"grim failed: {result.StandardError}");
        var bytes = await File.ReadAllBytesAsync(path);
        File.Delete(path);
        return bytes;
    }

    /// <summary>A screenshot once two in a row are equal (foot has drawn all of its output).</summary>
    private async Task<byte[]> WaitForStableScreenAsync(string name)
    {
        var deadline = DateTime.UtcNow + StepTimeout;
        var previous = await ScreenshotAsync(name);
        while (true)
        {
            await Task.Delay(200);
            var now = await ScreenshotAsync(name);
            if (now.AsSpan().SequenceEqual(previous))
            {
                return now;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The screen kept changing for {StepTimeout.TotalSeconds} s.");
            previous = now;
        }
    }

    /// <summary>The first screenshot that satisfies <paramref name="wanted"/> within the step time limit, else null.</summary>
    private async Task<byte[]?> WaitForScreenAsync(Func<byte[], bool> wanted, string name)
    {
        var deadline = DateTime.UtcNow + StepTimeout;
        while (DateTime.UtcNow < deadline)
        {
            var now = await ScreenshotAsync(name);
            if (wanted(now))
            {
                return now;
            }

            await Task.Delay(100);
        }

        return null;
    }
}
