using WlWebRtc.Hardware;
using WlWebRtc.Host.Hardware;
using Xunit.Abstractions;

namespace WlWebRtc.Host.Tests.Hardware;

public sealed class HardwareDetectorTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public async Task DetectAsync_FakeMachineWithIntelGpuAndSession_InventoryAssembled()
    {
        _tree.File("proc/cpuinfo", "model name\t: Test CPU 9000\n");
        _tree.File("dev/dri/renderD128", string.Empty);
        _tree.File("sys/class/drm/renderD128/device/vendor", "0x8086\n");
        _tree.File("sys/class/drm/renderD128/device/device", "0x4680\n");
        var driver = _tree.Dir("sys/bus/pci/drivers/i915");
        File.CreateSymbolicLink(_tree.PathOf("sys/class/drm/renderD128/device/driver"), driver);
        _tree.ListeningSocket("xdg/wayland-1");
        var environment = new FakeEnvironment(new Dictionary<string, string>
        {
            ["WAYLAND_DISPLAY"] = "wayland-1",
            ["XDG_RUNTIME_DIR"] = _tree.PathOf("xdg"),
            ["XDG_CURRENT_DESKTOP"] = "sway",
            ["DBUS_SESSION_BUS_ADDRESS"] = "unix:path=/fake/bus",
        });
        var detector = HardwareDetector.Create(
            new HardwarePaths(_tree.PathOf("dev"), _tree.PathOf("sys"), _tree.PathOf("proc")),
            environment,
            TimeSpan.FromSeconds(10));

        var report = await detector.DetectAsync(CancellationToken.None);
        var inventory = report.Inventory;

        Assert.Equal("Test CPU 9000", inventory.Cpu.Model);
        var node = Assert.Single(inventory.RenderNodes);
        Assert.Equal(new RenderNode(_tree.PathOf("dev/dri/renderD128"), 0x8086, 0x4680, "i915"), node);
        Assert.True(report.RenderNodes.IsPresent);
        Assert.True(inventory.Session.Wayland.IsPresent, inventory.Session.Wayland.Reason);
        Assert.Equal("sway", inventory.Session.CurrentDesktop);
        Assert.False(inventory.Session.PipeWire.IsPresent);
    }

    [Fact]
    public async Task DetectAsync_EmptyMachine_EveryPartAbsentWithAReason()
    {
        var detector = HardwareDetector.Create(
            new HardwarePaths(_tree.PathOf("dev"), _tree.PathOf("sys"), _tree.PathOf("proc")),
            new FakeEnvironment(),
            TimeSpan.FromSeconds(10));

        var report = await detector.DetectAsync(CancellationToken.None);

        Assert.Empty(report.Inventory.RenderNodes);
        Assert.StartsWith("no DRM render node in", report.RenderNodes.Reason, StringComparison.Ordinal);
        Assert.All(AllDetections(report), d => Assert.False(d.Detection.IsPresent, d.Name));
        Assert.All(AllDetections(report), d => Assert.False(string.IsNullOrWhiteSpace(d.Detection.Reason), d.Name));
    }

    [Fact]
    public async Task DetectAsync_ThisMachine_NeverThrowsAndEveryAbsentPartSaysWhy()
    {
        // The real machine, environment and session bus (whatever this process has).
        var report = await HardwareDetector.Create().DetectAsync(CancellationToken.None);
        output.WriteLine($"detection took {report.Elapsed.TotalMilliseconds:0.0} ms");
        foreach (var row in report.ToRows())
        {
            output.WriteLine($"{row.Component,-24} {row.Status,-8} {row.Detail}");
        }

        Assert.All(AllDetections(report), d => Assert.False(string.IsNullOrWhiteSpace(d.Detection.Reason), d.Name));
        Assert.All(report.ToRows(), row => Assert.False(string.IsNullOrWhiteSpace(row.Detail), row.Component));
        Assert.Equal(Environment.ProcessorCount, report.Inventory.Cpu.LogicalCores);
        Assert.DoesNotContain("unknown", report.Inventory.Cpu.Model, StringComparison.Ordinal);
        Assert.Equal(Directory.Exists("/dev/dri") && Directory.GetFiles("/dev/dri", "renderD*").Length > 0, report.Inventory.RenderNodes.Count > 0);
    }

    private static IEnumerable<(string Name, Detection Detection)> AllDetections(HardwareReport report)
    {
        var inventory = report.Inventory;
        yield return ("render nodes", report.RenderNodes);
        yield return ("wayland", inventory.Session.Wayland);
        yield return ("pipewire", inventory.Session.PipeWire);
    }
}
