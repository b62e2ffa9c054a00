using WlWebRtc.EndToEnd.Tests.Desktop;
using WlWebRtc.EndToEnd.Tests.Support;
using WlWebRtc.Testing.Desktop;
using WlWebRtc.Testing.Server;
using Xunit.Abstractions;

namespace WlWebRtc.EndToEnd.Tests;

/// <summary>
/// Issues 5 and 6, "a size change from the capture reopens the encoder; viewers see the new size" and "a resolution
/// change mid-stream keeps frames flowing": the real server (portal capture, x264) on the headless desktop, the
/// built-in viewer playing in headless Chromium, and <c>swaymsg output HEADLESS-1 mode WxH</c> while it plays.
/// </summary>
[Collection(DesktopGroup.Name)]
public sealed class ResolutionEndToEndTests(HeadlessDesktop desktop, ITestOutputHelper output)
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Viewer_OutputModeChangedWhilePlaying_ShowsNewSizeAndKeepsDecoding()
    {
        var original = desktop.OutputSize;
        await using var server = await DesktopServer.StartAsync(desktop);
        try
        {
            await using var viewer = await ViewerPage.OpenAsync(server.ViewerUrl);
            var shade = 0;
            await viewer.WaitUntilPlayingWithControlAsync(TimeSpan.FromSeconds(40), () => desktop.SetBackgroundAsync((++shade % 2) == 0 ? "#203040" : "#304050"));
            await WaitForSizeAsync(viewer, server, original.Width, original.Height, "#2a6040");

            // smaller with another aspect ratio, larger (the example), then back: the encoder reopens each
            // time and the viewer follows
            foreach (var (width, height, colour, next) in new[]
            {
                (1024, 768, "#2060a0", "#206090"),
                (1920, 1080, "#60a020", "#509020"),
                (original.Width, original.Height, "#a06020", "#906020"),
            })
            {
                var before = await viewer.VideoStateAsync();
                await desktop.SetOutputModeAsync(width, height);
                await desktop.SetBackgroundAsync(colour);
                var resized = await WaitForSizeAsync(viewer, server, width, height, colour);
                await viewer.WaitForColourAsync(colour, StepTimeout, () => desktop.SetBackgroundAsync(colour), () => $"Server:\n{server.Output}");

                // still decoding at the new size: another change makes more frames
                await desktop.SetBackgroundAsync(next);
                await viewer.WaitForColourAsync(next, StepTimeout, () => desktop.SetBackgroundAsync(next), () => $"Server:\n{server.Output}");
                var after = await WaitForMoreFramesAsync(viewer, resized.FramesDecoded, next);
                output.WriteLine($"{width}x{height}: before {before}; resized {resized}; after {after}");
                Assert.True(after.VideoWidth == width && after.VideoHeight == height, $"the size changed again unasked: {after}");
                Assert.Equal("playing", after.Phase);
            }
        }
        finally
        {
            output.WriteLine(server.Output);
            // the desktop is shared by the collection: leave it as it was (also after a failure mid-change)
            try
            {
                await desktop.SetOutputModeAsync(original.Width, original.Height);
            }
            catch (HeadlessDesktopException exception)
            {
                output.WriteLine($"Could not restore {original.Width}x{original.Height}: {exception.Message}");
            }
        }
    }

    /// <summary>
    /// Waits until the viewer's framesDecoded (its stats, refreshed every second) passes <paramref name="decoded"/>;
    /// repaints with <paramref name="colour"/> meanwhile.
    /// </summary>
    private async Task<VideoState> WaitForMoreFramesAsync(ViewerPage viewer, long decoded, string colour)
    {
        var deadline = DateTime.UtcNow + StepTimeout;
        var nextRepaint = DateTime.UtcNow + TimeSpan.FromSeconds(3);
        var state = await viewer.VideoStateAsync();
        while (state.FramesDecoded <= decoded)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The viewer decoded no frame after {decoded} within {StepTimeout.TotalSeconds} s: {state}.\nConsole:\n{viewer.ConsoleText}");
            if (DateTime.UtcNow > nextRepaint)
            {
                await desktop.SetBackgroundAsync(colour);
                nextRepaint = DateTime.UtcNow + TimeSpan.FromSeconds(3);
            }

            await Task.Delay(200);
            state = await viewer.VideoStateAsync();
        }

        return state;
    }

    /// <summary>Waits until the decoded video and the viewer's stats both report <paramref name="width"/>x<paramref name="height"/>.</summary>
    private async Task<VideoState> WaitForSizeAsync(ViewerPage viewer, ServerProcess server, int width, int height, string colour)
    {
        var deadline = DateTime.UtcNow + StepTimeout;
        var nextRepaint = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        var state = await viewer.VideoStateAsync();
        while (!(state.VideoWidth == width && state.VideoHeight == height && state.StatsWidth == width && state.StatsHeight == height))
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"The viewer did not report {width}x{height} within {StepTimeout.TotalSeconds} s: {state}.\nConsole:\n{viewer.ConsoleText}\nServer:\n{server.Output}");
            }

            if (DateTime.UtcNow > nextRepaint)
            {
                await desktop.SetBackgroundAsync(colour); // frames are damage-driven
                nextRepaint = DateTime.UtcNow + TimeSpan.FromSeconds(5);
            }

            await Task.Delay(200);
            state = await viewer.VideoStateAsync();
        }

        output.WriteLine($"viewer at {width}x{height}: {state}");
        return state;
    }
}
