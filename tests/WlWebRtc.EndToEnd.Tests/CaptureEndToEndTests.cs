using WlWebRtc.Testing.Server;
using WlWebRtc.EndToEnd.Tests.Desktop;
using WlWebRtc.EndToEnd.Tests.Support;
using WlWebRtc.Testing.Desktop;
using Xunit.Abstractions;

namespace WlWebRtc.EndToEnd.Tests;

/// <summary>
/// Issue 6: sway (headless) → xdg-desktop-portal ScreenCast → PipeWire → the portal capture plugin → x264 → WebRTC →
/// the built-in viewer in headless Chromium, which shows the desktop's background colour.
/// </summary>
[Collection(DesktopGroup.Name)]
public sealed class CaptureEndToEndTests(HeadlessDesktop desktop, ITestOutputHelper output)
{
    [Fact]
    public async Task Viewer_BackgroundChanged_ShowsNewColour()
    {
        await using var server = await DesktopServer.StartAsync(desktop);
        try
        {
            Assert.Contains("portal", server.Output, StringComparison.OrdinalIgnoreCase);
            await using var viewer = await ViewerPage.OpenAsync(server.ViewerUrl);
            // frames are damage-driven: a first change after the viewer connected makes the first frame
            await desktop.SetBackgroundAsync("#204080");
            await viewer.WaitUntilPlayingWithControlAsync(TimeSpan.FromSeconds(60));

            foreach (var colour in new[] { "#20a040", "#c06010" })
            {
                await desktop.SetBackgroundAsync(colour);
                await WaitForColourAsync(viewer, server, colour, TimeSpan.FromSeconds(30));
            }
        }
        finally
        {
            output.WriteLine(server.Output);
        }
    }

    private async Task WaitForColourAsync(ViewerPage viewer, ServerProcess server, string colour, TimeSpan timeout)
    {
        // set it again now and then (damage-driven frames; harmless when the colour is already shown)
        var samples = await viewer.WaitForColourAsync(colour, timeout, () => desktop.SetBackgroundAsync(colour), () => $"Server:\n{server.Output}");
        output.WriteLine($"{colour}: {ViewerPage.Describe(samples)}");
    }
}
