namespace WlWebRtc.Hardware;

/// <summary>The desktop session the host runs in (each plugin probes its own technology, e.g. the portals, itself).</summary>
/// <param name="Wayland">Whether a Wayland compositor's socket is reachable.</param>
/// <param name="WaylandDisplay">The display socket name, if any.</param>
/// <param name="CurrentDesktop">XDG_CURRENT_DESKTOP, if set.</param>
/// <param name="PipeWire">Whether the PipeWire socket exists.</param>
public sealed record SessionInfo(
    Detection Wayland,
    string? WaylandDisplay,
    string? CurrentDesktop,
    Detection PipeWire)
{
    /// <summary>No session.</summary>
    public static SessionInfo None { get; } = new(Detection.Absent("not detected"), null, null, Detection.Absent("not detected"));
}
