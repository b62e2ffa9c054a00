namespace WlWebRtc.Session;

/// <summary>Where the desktop the server streams comes from.</summary>
public enum SessionMode
{
    /// <summary>The session the server was started in (WAYLAND_DISPLAY, the session bus, PipeWire): nothing is started.</summary>
    Attach,

    /// <summary>The server starts and owns a headless desktop session and streams that.</summary>
    Headless,
}
