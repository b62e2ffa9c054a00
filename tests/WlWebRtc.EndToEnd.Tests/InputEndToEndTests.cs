using WlWebRtc.Testing.Server;
using WlWebRtc.EndToEnd.Tests.Desktop;
using WlWebRtc.EndToEnd.Tests.Support;
using WlWebRtc.Testing.Desktop;
using Xunit.Abstractions;

namespace WlWebRtc.EndToEnd.Tests;

/// <summary>
/// Issue 7: keys typed into the built-in viewer in headless Chromium → the "input" data channel → the server's input
/// router → wlr virtual keyboard → sway (headless) → a focused foot terminal running a shell.
/// </summary>
[Collection(DesktopGroup.Name)]
public sealed class InputEndToEndTests(HeadlessDesktop desktop, ITestOutputHelper output)
{
    [Fact]
    public async Task Viewer_TypedCommandIntoFoot_WritesFile()
    {
        // lower-case hex only: the path is typed with unshifted keys (Playwright types 'A' as KeyA without Shift)
        var scratch = Path.Combine(Path.GetTempPath(), "wlwebrtc-e2e-typed-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(scratch);
        var file = Path.Combine(scratch, "out");
        await desktop.SwayMsgAsync("focus_follows_mouse", "no");
        DesktopProcess? foot = null;
        try
        {
            await using var server = await DesktopServer.StartAsync(desktop);
            try
            {
                await using var viewer = await ViewerPage.OpenAsync(server.ViewerUrl);
                // frames are damage-driven: change the background until the first frame is decoded
                var shade = 0;
                await viewer.WaitUntilPlayingWithControlAsync(TimeSpan.FromSeconds(60), () => desktop.SetBackgroundAsync((++shade % 2) == 0 ? "#203040" : "#304050"));
                // the terminal maps after the server's virtual keyboard exists, and takes the keyboard focus
                foot = await desktop.StartFootAsync("e2e-typer", "sh");
                await Task.Delay(500);

                // focus the viewer (the click also reaches the desktop: it lands on foot, which has the keyboard anyway)
                await viewer.Page.ClickAsync("#video");
                // only unshifted characters in TypeAsync: Playwright types '>' as Period (and 'A' as KeyA) without a Shift key event
                await viewer.Page.Keyboard.TypeAsync("echo viewer-typed ");
                await viewer.Page.Keyboard.PressAsync("Shift+Period");
                await viewer.Page.Keyboard.TypeAsync(" " + file);
                await viewer.Page.Keyboard.PressAsync("Enter");

                var text = await WaitForFileAsync(file, TimeSpan.FromSeconds(30));
                if (text is null)
                {
                    // diagnosis: an unknown message type makes the server's input router log a drop and answer an error,
                    // which shows whether the channel reaches the router at all
                    await viewer.Page.EvaluateAsync("() => window.wlwebrtcViewer.dc.send(JSON.stringify({ t: 'probe-unknown-type' }))");
                    await Task.Delay(2000);
                    var sent = await viewer.SentMessagesAsync();
                    var inputs = await desktop.SwayMsgAsync("-t", "get_inputs");
                    var focused = string.Join(' ', (await desktop.SwayMsgAsync("-t", "get_tree", "-r")).Split('\n').Where(l => l.Contains("\"focused\": true", StringComparison.Ordinal) || l.Contains("app_id", StringComparison.Ordinal)));
                    Assert.Fail($"{file} was not written within 30 s.\nThe viewer sent {sent.Count} messages:\n{string.Join('\n', sent.TakeLast(80))}\n" +
                        $"sway inputs:\n{inputs}\nfocus: {focused}\nConsole:\n{viewer.ConsoleText}\nfoot log:\n{foot.LogTail()}\nServer:\n{server.Output}");
                }

                Assert.Equal("viewer-typed\n", text);
            }
            finally
            {
                output.WriteLine(server.Output);
            }
        }
        finally
        {
            foot?.Stop();
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static async Task<string?> WaitForFileAsync(string path, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (File.Exists(path) && new FileInfo(path).Length > 0)
            {
                await Task.Delay(100); // let the shell finish writing
                return await File.ReadAllTextAsync(path);
            }

            await Task.Delay(100);
        }

        return null;
    }
}
