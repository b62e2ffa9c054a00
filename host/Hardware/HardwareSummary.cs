using System.Globalization;
using WlWebRtc.Hardware;

namespace WlWebRtc.Host.Hardware;

/// <summary>Turns a detection report into rows (component, status, detail) for tables and JSON.</summary>
internal static class HardwareSummary
{
    public const string Present = "present";
    public const string Absent = "absent";

    public static IReadOnlyList<HardwareSummaryRow> Rows(HardwareReport report)
    {
        var inventory = report.Inventory;
        var rows = new List<HardwareSummaryRow>
        {
            new("cpu", Present, $"{inventory.Cpu.Model}, {inventory.Cpu.LogicalCores} logical cores, {inventory.Cpu.SimdLevel}"),
        };

        if (inventory.Gpus.Count == 0)
        {
            rows.Add(Row("gpu", report.RenderNodes));
            rows.Add(new("vaapi", Absent, "no DRM render node to probe"));
        }

        foreach (var gpu in inventory.Gpus)
        {
            rows.Add(new($"gpu {gpu.RenderNode}", Present, $"{VendorName(gpu.PciVendorId)} {Ids(gpu)}, kernel driver {gpu.KernelDriver}"));
            rows.Add(Row($"vaapi {gpu.RenderNode}", gpu.Vaapi.Status));
        }

        var nvidia = inventory.Nvidia;
        rows.Add(Row("nvidia driver", nvidia.Driver));
        rows.Add(Row("nvidia encode library", nvidia.EncodeLibrary));
        rows.Add(Row("cuda library", nvidia.CudaLibrary));

        var session = inventory.Session;
        rows.Add(Row("wayland", session.Wayland));
        rows.Add(session.CurrentDesktop is { } desktop
            ? new("desktop", Present, desktop)
            : new("desktop", Absent, "XDG_CURRENT_DESKTOP is not set"));
        rows.Add(Row("pipewire", session.PipeWire));
        return rows;
    }

    private static HardwareSummaryRow Row(string component, Detection detection) =>
        new(component, detection.IsPresent ? Present : Absent, detection.Reason);

    private static string Ids(GpuDevice gpu) =>
        gpu.PciVendorId == 0 && gpu.PciDeviceId == 0
            ? "(no PCI ids)"
            : string.Create(CultureInfo.InvariantCulture, $"[{gpu.PciVendorId:x4}:{gpu.PciDeviceId:x4}]");

    private static string VendorName(int vendorId) => vendorId switch
    {
        0x8086 => "Intel",
        0x1002 => "AMD",
        0x10de => "NVIDIA",
        0x1af4 => "virtio",
        0x15ad => "VMware",
        0x1234 => "QEMU",
        _ => "GPU",
    };
}
