namespace WlWebRtc.Host.Hardware.Gpu;

/// <summary>A DRM render node as sysfs describes it.</summary>
/// <param name="Path">Device path, e.g. /dev/dri/renderD128.</param>
/// <param name="PciVendorId">PCI vendor id, or 0 when not PCI or unreadable.</param>
/// <param name="PciDeviceId">PCI device id, or 0.</param>
/// <param name="KernelDriver">Kernel driver bound to the device, or "unknown".</param>
internal sealed record RenderNode(string Path, int PciVendorId, int PciDeviceId, string KernelDriver);
