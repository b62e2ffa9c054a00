namespace WlWebRtc.Hardware;

/// <summary>A DRM render node and what it can do.</summary>
/// <param name="RenderNode">Device path, e.g. /dev/dri/renderD128.</param>
/// <param name="PciVendorId">PCI vendor id (0x8086 Intel, 0x1002 AMD, 0x10de NVIDIA), or 0 if not PCI.</param>
/// <param name="PciDeviceId">PCI device id, or 0.</param>
/// <param name="KernelDriver">Kernel driver name (i915, amdgpu, nvidia, virtio_gpu…), or "unknown".</param>
/// <param name="Vaapi">VA-API on this node.</param>
public sealed record GpuDevice(string RenderNode, int PciVendorId, int PciDeviceId, string KernelDriver, VaapiInfo Vaapi);

/// <summary>VA-API on one render node.</summary>
/// <param name="Status">Whether libva initialised on the node.</param>
/// <param name="DriverVendor">The driver's vendor string, when initialised.</param>
/// <param name="H264EncodeEntrypoints">H.264 encode entrypoints found (EncSlice, EncSliceLP), empty if none.</param>
public sealed record VaapiInfo(Detection Status, string? DriverVendor, IReadOnlyList<string> H264EncodeEntrypoints)
{
    /// <summary>Whether H.264 can be encoded on this node.</summary>
    public bool CanEncodeH264 => Status.IsPresent && H264EncodeEntrypoints.Count > 0;
}
