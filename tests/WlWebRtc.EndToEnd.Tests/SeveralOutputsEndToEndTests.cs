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
