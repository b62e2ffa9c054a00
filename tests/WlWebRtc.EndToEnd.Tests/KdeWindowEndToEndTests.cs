using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using WlWebRtc.EndToEnd.Tests.Desktop;
using WlWebRtc.EndToEnd.Tests.Support;
using WlWebRtc.Testing.Desktop;
using WlWebRtc.Testing.Server;
using Xunit.Abstractions;

namespace WlWebRtc.EndToEnd.Tests;

/// <summary>
/// Issue 15, KDE windows as a selectable source, end to end: the real server with the kde capture and input on headless
/// KWin 5.27 and the built-in viewer in headless Chromium. The viewer's picker lists wev's window next to the output;
/// picking it makes the video the window alone (a stream_window cast, frames decoded at the window's size), and a click a
/// quarter into the picture lands a quarter into wev's surface: the pointer maps onto the window's place on the desktop.
/// </summary>
[Collection(KwinGroup.Name)]
public sealed partial class KdeWindowEndToEndTests(GrantedKwin kwin, ITestOutputHelper output)
{
    private const string Token = "e2e-kde-window-token-0123";

    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task Viewer_PicksWevsWindow_WindowPlaysAndClickLandsWhereItWasAimed()
    {
        using var wev = kwin.StartProcess("wev-e2e-kde-window", "stdbuf", "-oL", "wev");
        await using var server = await ServerProcess.StartAsync(new ServerLaunch("kde", Token, """
            [capture]
            max_fps = 15

            [input]
            plugin = "kde"
            """)
        {
            Environment = kwin.Environment,
            StartTimeout = TimeSpan.FromSeconds(120),
        });
        try
        {
            await using var viewer = await ViewerPage.OpenAsync(server.ViewerUrl);
            await viewer.WaitUntilPlayingWithControlAsync(TimeSpan.FromSeconds(60));
            var deadline = DateTime.UtcNow + StepTimeout;
            string Diagnostics() => $"wev: {wev.LogTail(8)}\nconsole:\n{viewer.ConsoleText}\nserver:\n{server.Output}";

            // the picker lists wev's window next to the output; the controlling viewer picks it
            var button = viewer.Page.Locator("#outputs button[data-output^='window:']", new() { HasTextString = "Window: wev" });
            while (await button.CountAsync() == 0)
            {
                Assert.True(DateTime.UtcNow < deadline, $"the picker never listed wev's window: {await viewer.Page.Locator("#outputs").InnerHTMLAsync()}\n{Diagnostics()}");
                await Task.Delay(250);
            }

            var label = await button.First.TextContentAsync() ?? "";
            var size = WindowSizePattern().Match(label);
            Assert.True(size.Success, label);
            var (width, height) = (int.Parse(size.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(size.Groups[2].Value, CultureInfo.InvariantCulture));
            var decodedBefore = (await viewer.VideoStateAsync()).FramesDecoded;
            await button.First.ClickAsync();

            // the video becomes the window alone: its size, wev's grey from edge to edge, frames decoded
            JsonElement box = default;
            VideoState state;
            while (!((state = await viewer.VideoStateAsync()).VideoWidth == width && state.VideoHeight == height && state.FramesDecoded > decodedBefore
                && (box = await viewer.Page.EvaluateAsync<JsonElement>(WevOnPage.FindGreyBoxScript)).ValueKind == JsonValueKind.Object
                && box.GetProperty("left").GetInt32() < 40 && box.GetProperty("right").GetInt32() > width - 40))
            {
                Assert.True(DateTime.UtcNow < deadline, $"the viewer never played wev's window ({width}x{height}): {state}, wev's grey at {box}\n{Diagnostics()}");
                await Task.Delay(250);
            }

            Assert.Contains("KWin capture: from Virtual-0 to KWin window \"wev\" by screencast", server.Output, StringComparison.Ordinal);

            // a click a quarter into the picture: wev gets the button, with the pointer a quarter into its surface
            var (x, y) = (0.25 * (width - 1), 0.25 * (height - 1));
            var log = "";
            while (!(log.Contains("button: 272", StringComparison.Ordinal) && PointerAt(log) is { } at && Math.Abs(at.X - x) <= 4 && Math.Abs(at.Y - y) <= 4))
            {
                Assert.True(DateTime.UtcNow < deadline, $"wev did not get the click at ({x:0.#}, {y:0.#}) of its surface; last pointer place {PointerAt(log)}\n{Diagnostics()}");
                var (px, py) = (await viewer.VideoStateAsync()).PagePointOf(x, y);
                await viewer.Page.Mouse.ClickAsync((float)px, (float)py);
                await Task.Delay(500);
                log = File.Exists(wev.LogPath) ? await File.ReadAllTextAsync(wev.LogPath) : "";
            }
        }
        finally
        {
            output.WriteLine(server.Output);
        }
    }

    /// <summary>Where wev last saw the pointer (enter or motion), in surface coordinates.</summary>
    private static (double X, double Y)? PointerAt(string log)
    {
        var match = PointerPattern().Matches(log).LastOrDefault();
        return match is null
            ? null
            : (double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"wl_pointer\] (?:enter|motion):[^\n]*x, y: (-?[0-9.]+), (-?[0-9.]+)")]
    private static partial Regex PointerPattern();

    [GeneratedRegex(@"\((\d+)×(\d+)\)")]
    private static partial Regex WindowSizePattern();
}
