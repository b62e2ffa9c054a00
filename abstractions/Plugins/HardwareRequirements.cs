namespace WlWebRtc.Plugins;

/// <summary>
/// What a plugin needs from the machine, in generic terms the host can check before probing. A technology on top of
/// these (a VA-API driver, NVENC) is the plugin's own probe to check.
/// </summary>
[Flags]
public enum HardwareRequirements
{
    /// <summary>Runs anywhere.</summary>
    None = 0,

    /// <summary>A DRM render node.</summary>
    RenderNode = 1 << 0,

    /// <summary>A running Wayland session.</summary>
    WaylandSession = 1 << 3,

    /// <summary>A PipeWire daemon reachable through its socket.</summary>
    PipeWire = 1 << 6,
}
