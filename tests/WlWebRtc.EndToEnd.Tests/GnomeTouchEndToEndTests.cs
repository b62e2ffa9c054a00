using Microsoft.Playwright;
using WlWebRtc.EndToEnd.Tests.Desktop;
using WlWebRtc.EndToEnd.Tests.Support;
using WlWebRtc.Testing.Desktop;
using WlWebRtc.Testing.Server;
using Xunit.Abstractions;

namespace WlWebRtc.EndToEnd.Tests;

/// <summary>
/// Touch from the page on real headless mutter: the gnome input plugin has a touchscreen (Mutter's NotifyTouch*), so
/// the server's role message says <c>touch</c> and the built-in viewer sends Chromium's touches (DevTools
/// <c>Input.dispatchTouchEvent</c>) as td/tu instead of a mouse; wev on mutter logs the wl_touch events it gets.
/// </summary>
[Collection(MutterGroup.Name)]
public sealed class GnomeTouchEndToEndTests(SmallMutter mutter, ITestOutputHelper output)
{
    private const string Token = "e2e-gnome-touch-token-0123456789";

    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task Viewer_TouchOnTheVideo_ReachesAWaylandClientAsTouch()
    {
        await using var server = await MutterServer.StartAsync(mutter, Token);

        using var wev = mutter.StartProcess("wev-e2e-touch", "stdbuf", "-oL", "wev", "-f", "wl_touch", "-f", "wl_pointer:button");
        try
        {
            await using var viewer = await ViewerPage.OpenAsync(server.ViewerUrl);
            await viewer.WaitUntilPlayingWithControlAsync(TimeSpan.FromSeconds(60));
            var devtools = await viewer.Page.Context.NewCDPSessionAsync(viewer.Page);

            // input starts at the first frame; the role message then says touch (again, if the channel opened before)
            var deadline = DateTime.UtcNow + StepTimeout;
            while (!await viewer.Page.EvaluateAsync<bool>("() => window.wlwebrtcViewer.remoteTouch === true"))
            {
                Assert.True(DateTime.UtcNow < deadline, $"the viewer was not told of a remote touchscreen; console:\n{viewer.ConsoleText}\nserver:\n{server.Output}");
                await Task.Delay(250);
            }

            // mutter's seat gains its touch capability at the session's first touch, and wev binds wl_touch only then:
            // tap again until wev has seen a whole touch
            var log = "";
            while (!(log.Contains("wl_touch] down", StringComparison.Ordinal) && log.Contains("wl_touch] up", StringComparison.Ordinal)))
            {
                Assert.True(DateTime.UtcNow < deadline, $"wev got no touch: '{log}'; wev running: {wev.IsRunning}\nconsole:\n{viewer.ConsoleText}\nserver:\n{server.Output}");
                var state = await viewer.VideoStateAsync();
                var (x, y) = state.PagePointOf(state.VideoWidth / 2.0, state.VideoHeight / 2.0);
                await TouchAsync(devtools, "touchStart", x, y);
                await TouchAsync(devtools, "touchMove", x + 10, y + 5);
                await TouchAsync(devtools, "touchEnd", null, null);
                await Task.Delay(500);
                log = File.ReadAllText(wev.LogPath);
            }

            // touches, not an emulated mouse: no button reached the client, and the page sent td/tu, no pb
            Assert.DoesNotContain("wl_pointer] button", log, StringComparison.Ordinal);
            var sent = await viewer.SentMessagesAsync();
            Assert.Contains(sent, m => m.Contains("\"t\":\"td\"", StringComparison.Ordinal));
            Assert.Contains(sent, m => m.Contains("\"t\":\"tu\"", StringComparison.Ordinal));
            Assert.DoesNotContain(sent, m => m.Contains("\"t\":\"pb\"", StringComparison.Ordinal));
        }
        finally
        {
            output.WriteLine(server.Output);
        }
    }

    private static Task TouchAsync(ICDPSession devtools, string type, double? x, double? y) =>
        devtools.SendAsync("Input.dispatchTouchEvent", new Dictionary<string, object>
        {
            ["type"] = type,
            ["touchPoints"] = x is null
                ? Array.Empty<object>()
                : new object[] { new Dictionary<string, object> { ["x"] = Math.Round(x.Value, 1), ["y"] = Math.Round(y!.Value, 1), ["id"] = 1 } },
        });
}
