namespace WlWebRtc.Hardware;

/// <summary>A DRM render node, as the kernel describes it. What a node can do (VA-API, NVENC…) is for the plugin that uses it to find out.</summary>
/// <param name="DevicePath">Device path, e.g. /dev/dri/renderD128.</param>
/// <param name="PciVendorId">PCI vendor id (0x8086 Intel, 0x1002 AMD, 0x10de NVIDIA), or 0 if not PCI.</param>
/// <param name="PciDeviceId">PCI device id, or 0.</param>
/// <param name="KernelDriver">Kernel driver name (i915, amdgpu, nvidia, virtio_gpu…), or "unknown".</param>
public sealed record RenderNode(string DevicePath, int PciVendorId, int PciDeviceId, string KernelDriver);
