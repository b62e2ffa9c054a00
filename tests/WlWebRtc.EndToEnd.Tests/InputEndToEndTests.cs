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
        var scratch = Directory.CreateTempSubdirectory("wlwebrtc-e2e-typed-").FullName;
        var file = Path.Combine(scratch, "out");
        await desktop.SwayMsgAsync("focus_follows_mouse", "no");
        var foot = await desktop.StartFootAsync("e2e-typer", "sh");
        try
        {
            await using var server = await DesktopServer.StartAsync(desktop);
            try
            {
                await using var viewer = await ViewerPage.OpenAsync(server.ViewerUrl);
                await viewer.WaitUntilPlayingWithControlAsync(TimeSpan.FromSeconds(60));

                // focus the viewer (the click also reaches the desktop: it lands on foot, which has the keyboard anyway)
                await viewer.Page.ClickAsync("#video");
                // only unshifted characters in TypeAsync: Playwright types '>' as Period without a Shift key event
                await viewer.Page.Keyboard.TypeAsync("echo viewer-typed ");
                await viewer.Page.Keyboard.PressAsync("Shift+Period");
                await viewer.Page.Keyboard.TypeAsync(" " + file);
                await viewer.Page.Keyboard.PressAsync("Enter");

                var text = await WaitForFileAsync(file, TimeSpan.FromSeconds(30));
                if (text is null)
                {
                    var sent = await viewer.SentMessagesAsync();
                    Assert.Fail($"{file} was not written within 30 s.\nThe viewer sent {sent.Count} messages:\n{string.Join('\n', sent.TakeLast(80))}\n" +
                        $"Console:\n{viewer.ConsoleText}\nfoot log:\n{foot.LogTail()}\nServer:\n{server.Output}");
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
            foot.Stop();
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
