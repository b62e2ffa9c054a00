using System.Globalization;
using System.Text.Json;
using WlWebRtc.EndToEnd.Tests.Desktop;
using WlWebRtc.EndToEnd.Tests.Support;
using WlWebRtc.Testing;
using WlWebRtc.Testing.Desktop;
using WlWebRtc.Testing.Server;
using Xunit.Abstractions;

namespace WlWebRtc.EndToEnd.Tests;

/// <summary>
/// Issue 16, "two outputs, switching between them, clicks landing on the right one": a headless sway desktop of its own
/// with two outputs of different sizes and background colours side by side, the real server (portal capture, x264,
/// wlr virtual input) and the built-in viewer in headless Chromium. The page lists both outputs; its picker switches
/// the capture (each output's colour and size reach the page); a click on the picture lands on the watched output
/// (sway focuses the output the pointer enters); status names the watched output.
/// </summary>
[Collection(DesktopGroup.Name)]
public sealed class SeveralOutputsEndToEndTests(ITestOutputHelper output)
{
    private const string FirstColour = "#c03030";
    private const string SecondColour = "#30a040";
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task Viewer_TwoOutputs_ListsSwitchesAndClicksLandOnTheWatchedOutput()
    {
        using var desktop = await HeadlessDesktop.StartAsync(new HeadlessDesktopOptions(640, 480, FirstColour) { FocusedOutputChooser = true });
        var second = await desktop.AddOutputAsync(800, 600, 640, SecondColour);
        await desktop.SwayMsgAsync("focus", "output", HeadlessDesktop.OutputName);
        await using var server = await DesktopServer.StartAsync(desktop);
        try
        {
            await using var viewer = await ViewerPage.OpenAsync(server.ViewerUrl);
            await viewer.WaitUntilPlayingWithControlAsync(StepTimeout, () => Repaint(desktop, HeadlessDesktop.OutputName, FirstColour));

            // the list: both outputs, the first one watched
            await UntilAsync(
                async () => await OutputStateAsync(viewer) is { } state && state.Names == $"{HeadlessDesktop.OutputName},{second}" && state.Current == HeadlessDesktop.OutputName,
                () => $"the page did not list both outputs with {HeadlessDesktop.OutputName} watched.\nServer:\n{server.Output}");
            await viewer.WaitForColourAsync(FirstColour, StepTimeout, () => Repaint(desktop, HeadlessDesktop.OutputName, FirstColour), () => server.Output);

            // the picker switches the capture: the second output's colour and size, without a reconnect
            var reconnects = await viewer.Page.EvaluateAsync<int>("() => window.wlwebrtcViewer.reconnects");
            Assert.Equal("true", await viewer.Page.GetAttributeAsync($"#outputs button[data-output='{HeadlessDesktop.OutputName}']", "aria-pressed"));
            await viewer.Page.ClickAsync($"#outputs button[data-output='{second}']");
            await UntilAsync(
                async () => await OutputStateAsync(viewer) is { } state && state.Current == second,
                () => $"the page was not told that {second} is watched.\nServer:\n{server.Output}");
            Assert.Equal("true", await viewer.Page.GetAttributeAsync($"#outputs button[data-output='{second}']", "aria-pressed"));
            await viewer.WaitForColourAsync(SecondColour, StepTimeout, () => Repaint(desktop, second, SecondColour), () => server.Output);
            await UntilAsync(
                async () => await viewer.VideoStateAsync() is { VideoWidth: 800, VideoHeight: 600 },
                () => $"the page did not get 800x600 frames of {second}.\nServer:\n{server.Output}");
            Assert.Equal(reconnects, await viewer.Page.EvaluateAsync<int>("() => window.wlwebrtcViewer.reconnects"));
            Assert.Contains($"on {second}", await server.StatusJsonAsync(), StringComparison.Ordinal);

            // a click a quarter across the picture lands on the watched output (the whole layout would put it on the first)
            await desktop.SwayMsgAsync("focus", "output", HeadlessDesktop.OutputName);
            Assert.Equal(HeadlessDesktop.OutputName, await FocusedOutputAsync(desktop));
            var video = await viewer.VideoStateAsync();
            var (x, y) = video.PagePointOf(video.VideoWidth * 0.25, video.VideoHeight * 0.5);
            var focused = "";
            await UntilAsync(
                async () =>
                {
                    await viewer.Page.Mouse.MoveAsync((float)x, (float)y);
                    await viewer.Page.Mouse.ClickAsync((float)x + 1, (float)y);
                    return (focused = await FocusedOutputAsync(desktop)) == second;
                },
                () => $"the click did not land on {second} (focused: {focused}).\nServer:\n{server.Output}");

            // and back: the first output again
            await viewer.Page.ClickAsync($"#outputs button[data-output='{HeadlessDesktop.OutputName}']");
            await viewer.WaitForColourAsync(FirstColour, StepTimeout, () => Repaint(desktop, HeadlessDesktop.OutputName, FirstColour), () => server.Output);
            Assert.Contains($"on {HeadlessDesktop.OutputName}", await server.StatusJsonAsync(), StringComparison.Ordinal);
        }
        finally
        {
            output.WriteLine(server.Output);
        }
    }

    /// <summary>
    /// "All": both outputs side by side in one 1440x600 picture of the layout (640x480 at 0,0 and 800x600 at 640,0),
    /// each output's colour in its region; a click in each region lands on that output.
    /// </summary>
    [Fact]
    public async Task Viewer_AllOutputs_BothSideBySideAndClicksLandOnTheOutputUnderThem()
    {
        using var desktop = await HeadlessDesktop.StartAsync(new HeadlessDesktopOptions(640, 480, FirstColour) { FocusedOutputChooser = true });
        var second = await desktop.AddOutputAsync(800, 600, 640, SecondColour);
        await desktop.SwayMsgAsync("focus", "output", HeadlessDesktop.OutputName);
        await using var server = await DesktopServer.StartAsync(desktop);
        try
        {
            await using var viewer = await ViewerPage.OpenAsync(server.ViewerUrl);
            await viewer.WaitUntilPlayingWithControlAsync(StepTimeout, () => Repaint(desktop, HeadlessDesktop.OutputName, FirstColour));
            await UntilAsync(
                async () => await OutputStateAsync(viewer) is { } state && state.Names.Contains(second, StringComparison.Ordinal),
                () => $"the page did not list {second}.\nServer:\n{server.Output}");
            await viewer.Page.ClickAsync("#outputs button[data-output='*']");
            await UntilAsync(
                async () => await OutputStateAsync(viewer) is { Current: "*" },
                () => $"the page was not told that all outputs are shown.\nServer:\n{server.Output}");

            // the quadrant samples: left ones on the first output, right ones on the second
            await UntilSideBySideAsync(viewer, desktop, second, 1440, 600, onFirst: [0, 2], onSecond: [1, 3], server);

            // a click in each region lands on the output there
            var video = await viewer.VideoStateAsync();
            foreach (var (x, y, name, other) in new[] { (1080.0, 300.0, second, HeadlessDesktop.OutputName), (320.0, 240.0, HeadlessDesktop.OutputName, second) })
            {
                await desktop.SwayMsgAsync("focus", "output", other);
                var (px, py) = video.PagePointOf(x, y);
                var focused = "";
                await UntilAsync(
                    async () =>
                    {
                        await viewer.Page.Mouse.MoveAsync((float)px, (float)py);
                        await viewer.Page.Mouse.ClickAsync((float)px + 1, (float)py);
                        return (focused = await FocusedOutputAsync(desktop) ?? "") == name;
                    },
                    () => $"the click at {x},{y} of the picture did not land on {name} (focused: {focused}).\nServer:\n{server.Output}");
            }
        }
        finally
        {
            output.WriteLine(server.Output);
        }
    }

    /// <summary>
    /// <c>[display] output = "*"</c>: all outputs side by side from the start, with the second output at scale 2 (800x600
    /// pixels, 400x300 logical, at 640,0): the picture is the logical layout (1040x480) times 2, the second output
    /// whole at (1280,0) (before, it was clipped to its logical size) and the first enlarged to 1280x960.
    /// </summary>
    [Fact]
    public async Task Server_AllOutputsAtStartWithAHiDpiOutput_ShowsEveryOutputWhole()
    {
        using var desktop = await HeadlessDesktop.StartAsync(new HeadlessDesktopOptions(640, 480, FirstColour) { FocusedOutputChooser = true });
        var second = await desktop.AddOutputAsync(800, 600, 640, SecondColour);
        await desktop.SwayMsgAsync("output", second, "scale", "2");
        await desktop.SwayMsgAsync("focus", "output", HeadlessDesktop.OutputName);
        await using var server = await DesktopServer.StartAsync(desktop, """
            [display]
            output = "*"
            """);
        try
        {
            await using var viewer = await ViewerPage.OpenAsync(server.ViewerUrl);
            await viewer.WaitUntilPlayingWithControlAsync(StepTimeout, () => Repaint(desktop, HeadlessDesktop.OutputName, FirstColour));
            await UntilAsync(
                async () => await OutputStateAsync(viewer) is { Current: "*" },
                () => $"the page was not told that all outputs are shown.\nServer:\n{server.Output}");

            // samples at a quarter and three quarters: top left and bottom left on the first output, top right on the
            // second (its 600 rows end above the bottom samples at 720)
            await UntilSideBySideAsync(viewer, desktop, second, 2080, 960, onFirst: [0, 2], onSecond: [1], server);
        }
        finally
        {
            output.WriteLine(server.Output);
        }
    }

    /// <summary>
    /// Waits until the video is <paramref name="width"/>x<paramref name="height"/> and the quarter samples (top left,
    /// top right, bottom left, bottom right) at <paramref name="onFirst"/> show the first output's colour and those at
    /// <paramref name="onSecond"/> the second's. Frames follow damage, so both outputs are repainted now and then.
    /// </summary>
    private static async Task UntilSideBySideAsync(ViewerPage viewer, HeadlessDesktop desktop, string second, int width, int height, int[] onFirst, int[] onSecond, ServerProcess server)
    {
        var first = ViewerPage.ParseColour(FirstColour);
        var next = ViewerPage.ParseColour(SecondColour);
        int[][]? samples = null;
        VideoState? state = null;
        var paints = 0;
        await UntilAsync(
            async () =>
            {
                if (paints++ % 8 == 0)
                {
                    await Repaint(desktop, HeadlessDesktop.OutputName, FirstColour);
                    await Repaint(desktop, second, SecondColour);
                }

                samples = await viewer.SampleAsync();
                state = await viewer.VideoStateAsync();
                return state is { } v && v.VideoWidth == width && v.VideoHeight == height && samples is { } s
                    && onFirst.All(i => Near(s[i], first)) && onSecond.All(i => Near(s[i], next));
            },
            () => $"the page did not show both outputs side by side at {width}x{height} (video {state}, samples {string.Join(" ", (samples ?? []).Select(p => string.Join(',', p)))}).\nServer:\n{server.Output}");
    }

    private static bool Near(int[] sample, int[] colour) => Enumerable.Range(0, 3).All(i => Math.Abs(sample[i] - colour[i]) <= 40);

    /// <summary>
    /// An output resized to the controlling viewer gets its own size back when the viewer switches to another output
    /// (restore_after_seconds = 0: only the switch can restore it).
    /// </summary>
    [Fact]
    public async Task Viewer_SwitchesAwayFromAResizedOutput_ItGetsItsOwnSizeBack()
    {
        using var desktop = await HeadlessDesktop.StartAsync(new HeadlessDesktopOptions(640, 480, FirstColour) { FocusedOutputChooser = true });
        var second = await desktop.AddOutputAsync(800, 600, 640, SecondColour);
        await desktop.SwayMsgAsync("focus", "output", HeadlessDesktop.OutputName);
        await using var server = await DesktopServer.StartAsync(desktop, """
            [display]
            follow_viewer = true
            restore_after_seconds = 0
            """);
        try
        {
            await using var viewer = await ViewerPage.OpenAsync(server.ViewerUrl);
            await viewer.WaitUntilPlayingWithControlAsync(StepTimeout, () => Repaint(desktop, HeadlessDesktop.OutputName, FirstColour));
            var devtools = await viewer.Page.Context.NewCDPSessionAsync(viewer.Page);
            await devtools.SendAsync("Emulation.setDeviceMetricsOverride", new Dictionary<string, object>
            {
                ["width"] = 720,
                ["height"] = 560,
                ["deviceScaleFactor"] = 1,
                ["mobile"] = false,
            });
            var resized = (0, 0);
            await UntilAsync(
                async () => (resized = await OutputModeAsync(desktop, HeadlessDesktop.OutputName)) != (640, 480),
                () => $"{HeadlessDesktop.OutputName} did not follow the viewer's size.\nServer:\n{server.Output}");

            await UntilAsync(
                async () => await OutputStateAsync(viewer) is { } state && state.Names.Contains(second, StringComparison.Ordinal),
                () => $"the page did not list {second}.\nServer:\n{server.Output}");
            await viewer.Page.ClickAsync($"#outputs button[data-output='{second}']");
            await UntilAsync(
                async () => await OutputModeAsync(desktop, HeadlessDesktop.OutputName) == (640, 480),
                () => $"{HeadlessDesktop.OutputName} (resized to {resized}) did not get 640x480 back after the switch to {second}.\nServer:\n{server.Output}");
        }
        finally
        {
            output.WriteLine(server.Output);
        }
    }

    private static async Task<(int Width, int Height)> OutputModeAsync(HeadlessDesktop desktop, string name)
    {
        using var outputs = JsonDocument.Parse(await desktop.SwayMsgAsync("-t", "get_outputs", "-r"));
        var mode = outputs.RootElement.EnumerateArray().First(o => o.GetProperty("name").GetString() == name).GetProperty("current_mode");
        return (mode.GetProperty("width").GetInt32(), mode.GetProperty("height").GetInt32());
    }

    private static Task Repaint(HeadlessDesktop desktop, string outputName, string colour) =>
        desktop.SwayMsgAsync("output", outputName, "bg", colour, "solid_color");

    private static async Task<string?> FocusedOutputAsync(HeadlessDesktop desktop)
    {
        using var outputs = JsonDocument.Parse(await desktop.SwayMsgAsync("-t", "get_outputs", "-r"));
        return outputs.RootElement.EnumerateArray().FirstOrDefault(o => o.GetProperty("focused").GetBoolean()) is { ValueKind: JsonValueKind.Object } focused
            ? focused.GetProperty("name").GetString()
            : null;
    }

    private static async Task<(string Names, string? Current)?> OutputStateAsync(ViewerPage viewer)
    {
        var state = await viewer.Page.EvaluateAsync<JsonElement?>("() => window.wlwebrtcViewer.outputs ? { names: window.wlwebrtcViewer.outputs.list.map(o => o.name).join(','), current: window.wlwebrtcViewer.outputs.current } : null");
        return state is { ValueKind: JsonValueKind.Object } s
            ? (s.GetProperty("names").GetString() ?? "", s.GetProperty("current").ValueKind == JsonValueKind.String ? s.GetProperty("current").GetString() : null)
            : null;
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, Func<string> describe)
    {
        try
        {
            await Poll.UntilAsync(condition, "the condition", StepTimeout, TimeSpan.FromMilliseconds(250));
        }
        catch (Xunit.Sdk.FailException)
        {
            Assert.Fail(string.Create(CultureInfo.InvariantCulture, $"Within {StepTimeout.TotalSeconds} s, {describe()}"));
        }
    }
}
