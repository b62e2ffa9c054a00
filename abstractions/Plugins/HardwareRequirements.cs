namespace WlWebRtc.Plugins;

/// <summary>What a plugin needs from the machine; shown by <c>--list-plugins</c> and checked before probing.</summary>
[Flags]
public enum HardwareRequirements
{
    /// <summary>Runs anywhere.</summary>
    None = 0,

    /// <summary>A DRM render node.</summary>
    RenderNode = 1 << 0,

    /// <summary>A VA-API driver with an H.264 encode entrypoint.</summary>
    Vaapi = 1 << 1,

    /// <summary>An NVIDIA driver with NVENC (libnvidia-encode and libcuda).</summary>
    Nvenc = 1 << 2,

    /// <summary>A running Wayland session.</summary>
    WaylandSession = 1 << 3,

    /// <summary>A PipeWire daemon reachable through its socket.</summary>
    PipeWire = 1 << 6,
}
