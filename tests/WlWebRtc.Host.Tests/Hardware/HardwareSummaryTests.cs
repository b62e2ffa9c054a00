using WlWebRtc.Hardware;
using WlWebRtc.Host.Hardware;

namespace WlWebRtc.Host.Tests.Hardware;

public sealed class HardwareSummaryTests
{
    private static readonly SessionInfo Sway = new(
        Detection.Present("Wayland compositor at /run/user/1000/wayland-1"),
        "wayland-1",
        "sway",
        Detection.Present("PipeWire at /run/user/1000/pipewire-0"));

    private static Dictionary<string, HardwareSummaryRow> Rows(HardwareInventory inventory, Detection renderNodes) =>
        new HardwareReport(inventory, renderNodes, TimeSpan.Zero).ToRows().ToDictionary(row => row.Component);

    [Fact]
    public void Rows_NoGpu_GpuRowCarriesTheScanReason()
    {
        var inventory = new HardwareInventory(new CpuInfo(2, "AMD EPYC", "AVX2"), [], SessionInfo.None);

        var rows = Rows(inventory, Detection.Absent("no DRM render node in /dev/dri (the directory does not exist)"));

        Assert.Equal(new HardwareSummaryRow("gpu", "absent", "no DRM render node in /dev/dri (the directory does not exist)"), rows["gpu"]);
        Assert.Equal(new HardwareSummaryRow("cpu", "present", "AMD EPYC, 2 logical cores, AVX2"), rows["cpu"]);
    }

    [Fact]
    public void Rows_IntelGpu_RowPerNodeWithIdsAndDriverOnly()
    {
        var inventory = new HardwareInventory(
            new CpuInfo(8, "Intel", "AVX2"), [new RenderNode("/dev/dri/renderD128", 0x8086, 0x4680, "i915")], Sway);

        var rows = Rows(inventory, Detection.Present("1 render node(s)"));

        Assert.Equal(new HardwareSummaryRow("gpu /dev/dri/renderD128", "present", "Intel [8086:4680], kernel driver i915"), rows["gpu /dev/dri/renderD128"]);
        Assert.False(rows.ContainsKey("gpu"));

        // What VA-API or NVENC can do there is the encoder plugins' to say, in their probe reasons.
        Assert.DoesNotContain(rows.Keys, component => component.Contains("vaapi", StringComparison.Ordinal) || component.Contains("nvidia", StringComparison.Ordinal));
    }

    [Fact]
    public void Rows_SwaySession_SessionRowsPresent()
    {
        var inventory = new HardwareInventory(new CpuInfo(2, "x", "AVX2"), [], Sway);

        var rows = Rows(inventory, Detection.Absent("none"));

        Assert.False(rows.ContainsKey("screencast portal"), "the portals are the portal plugin's to probe");
        Assert.Equal(new HardwareSummaryRow("desktop", "present", "sway"), rows["desktop"]);
        Assert.Equal("present", rows["wayland"].Status);
        Assert.Equal("present", rows["pipewire"].Status);
    }

    [Fact]
    public void Rows_EmptyInventory_EveryAbsentRowHasADetail()
    {
        var rows = new HardwareReport(HardwareInventory.Empty, Detection.Absent("not detected"), TimeSpan.Zero).ToRows();

        Assert.All(rows, row => Assert.False(string.IsNullOrWhiteSpace(row.Detail), row.Component));
        Assert.Equal("XDG_CURRENT_DESKTOP is not set", rows.Single(r => r.Component == "desktop").Detail);
    }
}
