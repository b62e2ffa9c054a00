namespace WlWebRtc.Hardware;

/// <summary>What the host found on this machine at start. Every part is filled in; absent things say why.</summary>
/// <param name="Cpu">The processor.</param>
/// <param name="Gpus">DRM render nodes, with VA-API per node.</param>
/// <param name="Nvidia">The NVIDIA driver and its encode/CUDA libraries.</param>
/// <param name="Session">The desktop session: Wayland, portals, PipeWire.</param>
public sealed record HardwareInventory(CpuInfo Cpu, IReadOnlyList<GpuDevice> Gpus, NvidiaInfo Nvidia, SessionInfo Session)
{
    /// <summary>An inventory with nothing found, for tests and tools.</summary>
    public static HardwareInventory Empty { get; } = new(
        new CpuInfo(Environment.ProcessorCount, "unknown", "unknown"),
        [],
        new NvidiaInfo(Detection.Absent("not detected"), null, Detection.Absent("not detected"), Detection.Absent("not detected")),
        SessionInfo.None);
}
