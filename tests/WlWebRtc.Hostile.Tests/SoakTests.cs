using System.Globalization;
using WlWebRtc.Hostile.Tests.Support;
using Xunit.Abstractions;

namespace WlWebRtc.Hostile.Tests;

/// <summary>
/// The short soak in CI (100 cycles); <c>wlwebrtc-bench soak</c> runs the same with 1,000 (HOSTILE_SOAK_CYCLES).
/// </summary>
[Trait("Category", "Hostile")]
public sealed class SoakTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Soak_ViewersJoinAndLeaveWhileOnePlays_FiguresFlatAndViewerNeverFreezes()
    {
        var cycles = int.TryParse(Environment.GetEnvironmentVariable("HOSTILE_SOAK_CYCLES"), CultureInfo.InvariantCulture, out var n) && n >= 20 ? n : 100;
        await using var server = await HostileServer.StartAsync();
        var report = await SoakRun.RunAsync(server, cycles, output.WriteLine);
        output.WriteLine(report.ToString());
        server.AssertAlive();
        Assert.True(report.RssGrowthMegabytes < 30, $"RSS grew {report.RssGrowthMegabytes:0.0} MB after warm-up");
        Assert.True(report.End.Threads <= report.AfterWarmup.Threads + 4, $"threads {report.AfterWarmup.Threads} -> {report.End.Threads}");
        Assert.True(report.End.FileDescriptors <= report.AfterWarmup.FileDescriptors + 8, $"fds {report.AfterWarmup.FileDescriptors} -> {report.End.FileDescriptors}");
        Assert.True(report.End.UdpSockets <= report.AfterWarmup.UdpSockets + 2, $"UDP sockets {report.AfterWarmup.UdpSockets} -> {report.End.UdpSockets}");
        Assert.Equal("connected", report.PlayingConnection);
        Assert.True(report.LongestGapMilliseconds < 3000, $"the playing viewer froze for {report.LongestGapMilliseconds} ms");

        // The pattern runs at 30 fps: the churn around it must not starve it (spinning DTLS threads took it to ~15 fps).
        Assert.True(report.PlayingFps >= 20, $"the playing viewer got {report.PlayingFps:0.0} fps during the cycles");
    }
}
