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

        // VA-API and NVIDIA are not rows here: their encoder plugins probe them, and say what they found in their reason.
        if (inventory.RenderNodes.Count == 0)
        {
            rows.Add(Row("gpu", report.RenderNodes));
        }

        foreach (var node in inventory.RenderNodes)
        {
            rows.Add(new($"gpu {node.DevicePath}", Present, $"{VendorName(node.PciVendorId)} {Ids(node)}, kernel driver {node.KernelDriver}"));
        }

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

    private static string Ids(RenderNode node) =>
        node.PciVendorId == 0 && node.PciDeviceId == 0
            ? "(no PCI ids)"
            : string.Create(CultureInfo.InvariantCulture, $"[{node.PciVendorId:x4}:{node.PciDeviceId:x4}]");

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
