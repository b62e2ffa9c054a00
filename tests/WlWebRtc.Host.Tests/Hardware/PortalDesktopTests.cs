using WlWebRtc.Host.Hardware;
using WlWebRtc.Host.Hardware.Session;
using WlWebRtc.Testing.Desktop;
using Xunit.Abstractions;

namespace WlWebRtc.Host.Tests.Hardware;

/// <summary>
/// Detection inside a real headless desktop (sway, PipeWire, xdg-desktop-portal + xdg-desktop-portal-wlr on a
/// private session bus): the session parts must be found through the real sockets. The portals are probed by the
/// portal plugin (tests/WlWebRtc.Capture.Tests/Portal/PortalProbeDesktopTests.cs).
/// </summary>
public sealed class PortalDesktopTests(HeadlessDesktop desktop, ITestOutputHelper output) : IClassFixture<HeadlessDesktop>
{
    private async Task<HardwareReport> DetectInDesktopAsync()
    {
        var variables = desktop.Environment
            .Where(pair => pair.Value is not null)
            .ToDictionary(pair => pair.Key, pair => pair.Value!);
        var detector = HardwareDetector.Create(
            HardwarePaths.System,
            new FakeEnvironment(variables),
            HardwareDetector.DefaultLimit);
        var report = await detector.DetectAsync(CancellationToken.None);
        output.WriteLine($"detection took {report.Elapsed.TotalMilliseconds:0.0} ms");
        foreach (var row in report.ToRows())
        {
            output.WriteLine($"{row.Component,-24} {row.Status,-8} {row.Detail}");
        }

        return report;
    }

    [Fact]
    public async Task DetectAsync_HeadlessSwayDesktop_WaylandPipeWireAndDesktopFound()
    {
        var session = (await DetectInDesktopAsync()).Inventory.Session;

        Assert.True(session.Wayland.IsPresent, session.Wayland.Reason);
        Assert.Equal(desktop.WaylandDisplay, session.WaylandDisplay);
        Assert.True(session.PipeWire.IsPresent, session.PipeWire.Reason);
        Assert.Contains(desktop.PipeWireSocket, session.PipeWire.Reason, StringComparison.Ordinal);
        Assert.Equal("sway", session.CurrentDesktop);
    }
}
