using WlWebRtc.Testing.Server;
using System.Globalization;
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
    private const int Tolerance = 12;

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
        var expected = new[]
        {
            int.Parse(colour.AsSpan(1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
            int.Parse(colour.AsSpan(3, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
            int.Parse(colour.AsSpan(5, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
        };
        var deadline = DateTime.UtcNow + timeout;
        var nextRepaint = DateTime.UtcNow + TimeSpan.FromSeconds(8);
        int[][]? samples = null;
        while (DateTime.UtcNow < deadline)
        {
            samples = await viewer.SampleAsync();
            // four of five points: the cursor may be drawn over one of them
            if (samples is not null && samples.Count(p => Enumerable.Range(0, 3).All(i => Math.Abs(p[i] - expected[i]) <= Tolerance)) >= 4)
            {
                output.WriteLine($"{colour}: {ViewerPage.Describe(samples)}");
                return;
            }

            if (DateTime.UtcNow > nextRepaint)
            {
                // set it again (damage-driven frames; harmless when the colour is already shown)
                await desktop.SetBackgroundAsync(colour);
                nextRepaint = DateTime.UtcNow + TimeSpan.FromSeconds(8);
            }

            await Task.Delay(200);
        }

        Assert.Fail($"The viewer did not show {colour} within {timeout.TotalSeconds} s; last samples {ViewerPage.Describe(samples)}.\n" +
            $"Console:\n{viewer.ConsoleText}\nServer:\n{server.Output}");
    }
}
