using WlWebRtc.Hardware;
using WlWebRtc.Host.Hardware;

namespace WlWebRtc.Host.Tests.Hardware;

public sealed class HardwareSummaryTests
{
    private static readonly NvidiaInfo NoNvidia = new(
        Detection.Absent("the NVIDIA kernel driver is not loaded"), null, Detection.Absent("libnvidia-encode.so.1 does not load"), Detection.Absent("libcuda.so.1 does not load"));

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
        var inventory = new HardwareInventory(new CpuInfo(2, "AMD EPYC", "AVX2"), [], NoNvidia, SessionInfo.None);

        var rows = Rows(inventory, Detection.Absent("no DRM render node in /dev/dri (the directory does not exist)"));

        Assert.Equal(new HardwareSummaryRow("gpu", "absent", "no DRM render node in /dev/dri (the directory does not exist)"), rows["gpu"]);
        Assert.Equal("absent", rows["vaapi"].Status);
        Assert.Equal(new HardwareSummaryRow("cpu", "present", "AMD EPYC, 2 logical cores, AVX2"), rows["cpu"]);
        Assert.Equal(new HardwareSummaryRow("cuda library", "absent", "libcuda.so.1 does not load"), rows["cuda library"]);
    }

    [Fact]
    public void Rows_IntelGpuWithVaapi_RowPerNodeWithIdsAndEncodeDetail()
    {
        var vaapi = new VaapiInfo(Detection.Present("VA-API 1.17 (iHD): H.264 encode via EncSlice"), "iHD", ["EncSlice"]);
        var inventory = new HardwareInventory(
            new CpuInfo(8, "Intel", "AVX2"), [new GpuDevice("/dev/dri/renderD128", 0x8086, 0x4680, "i915", vaapi)], NoNvidia, Sway);

        var rows = Rows(inventory, Detection.Present("1 render node(s)"));

        Assert.Equal(new HardwareSummaryRow("gpu /dev/dri/renderD128", "present", "Intel [8086:4680], kernel driver i915"), rows["gpu /dev/dri/renderD128"]);
        Assert.Equal(new HardwareSummaryRow("vaapi /dev/dri/renderD128", "present", "VA-API 1.17 (iHD): H.264 encode via EncSlice"), rows["vaapi /dev/dri/renderD128"]);
        Assert.False(rows.ContainsKey("gpu"));
    }

    [Fact]
    public void Rows_SwaySession_SessionRowsPresent()
    {
        var inventory = new HardwareInventory(new CpuInfo(2, "x", "AVX2"), [], NoNvidia, Sway);

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
