namespace WlWebRtc.Hardware;

/// <summary>
/// What the host found on this machine at start: generic facts only. Every part is filled in; absent things say why.
/// Technology-specific facts (a VA-API driver, the NVIDIA libraries) are probed by the plugin that needs them.
/// </summary>
/// <param name="Cpu">The processor.</param>
/// <param name="RenderNodes">DRM render nodes, in node order.</param>
/// <param name="Session">The desktop session: Wayland, portals, PipeWire.</param>
public sealed record HardwareInventory(CpuInfo Cpu, IReadOnlyList<RenderNode> RenderNodes, SessionInfo Session)
{
    /// <summary>An inventory with nothing found, for tests and tools.</summary>
    public static HardwareInventory Empty { get; } = new(
        new CpuInfo(Environment.ProcessorCount, "unknown", "unknown"),
        [],
        SessionInfo.None);
}
