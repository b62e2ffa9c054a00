using System.Diagnostics;
using System.Globalization;
using WlWebRtc.Capture.Tests.Desktop;
using WlWebRtc.Capture.Tests.PipeWire;
using WlWebRtc.Testing.Desktop;

namespace WlWebRtc.Capture.Tests.Portal;

/// <summary>A desktop as on the RIG: 1920x1080, xdg-desktop-portal-wlr max_fps=60.</summary>
public sealed class Desktop1080p60 : HeadlessDesktop
{
    public Desktop1080p60()
        : base(new HeadlessDesktopOptions(Width: 1920, Height: 1080, MaxFps: 60))
    {
    }
}

/// <summary>Not a pass/fail timing assertion: reports portal capture cost at 1080p60 with a scrolling terminal (see the capture report).</summary>
public sealed class PortalMeasurementTests(Desktop1080p60 desktop) : IClassFixture<Desktop1080p60>
{
    [Fact]
    public async Task Measure_1080p60ScrollingTerminal_ReportsLatencyAndCpuPerFrame()
    {
        using var terminal = await desktop.StartScrollingTerminalAsync("measure").StopAtEnd();
        var sink = new RecordingSink();
        await using var source = await PortalCaptures.CreateAsync(desktop, maxFps: 60);
        await source.StartAsync(sink, CancellationToken.None);
        await PortalCaptures.WaitUntilAsync(() => sink.Count >= 10, "the first frames at 1080p");
        var result = await CaptureMeasurement.RunAsync(sink);

        Assert.All(sink.Frames, f => Assert.Equal((1920, 1080), (f.Width, f.Height)));
        var report = "portal 1080p max_fps=60 scrolling foot: " + result.Describe();
        File.WriteAllText(Path.Combine(Path.GetTempPath(), "wlwebrtc-portal-measure.txt"), report);
        Console.WriteLine(report);
    }
}
