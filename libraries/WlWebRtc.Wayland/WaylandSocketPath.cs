namespace WlWebRtc.Wayland;

/// <summary>Where the compositor listens: WAYLAND_DISPLAY (a name in XDG_RUNTIME_DIR, or an absolute path), default wayland-0.</summary>
internal static class WaylandSocketPath
{
    /// <summary>The socket path, or null with the reason.</summary>
    public static (string? Path, string? Error) Resolve(string? display, string? runtimeDirectory)
    {
        display = string.IsNullOrWhiteSpace(display) ? "wayland-0" : display.Trim();
        if (System.IO.Path.IsPathRooted(display))
        {
            return (display, null);
        }

        if (string.IsNullOrWhiteSpace(runtimeDirectory))
        {
            return (null, $"XDG_RUNTIME_DIR is not set, so the Wayland socket {display} cannot be found");
        }

        return (System.IO.Path.Combine(runtimeDirectory, display), null);
    }

    /// <summary>From this process's environment.</summary>
    public static (string? Path, string? Error) FromEnvironment() =>
        Resolve(Environment.GetEnvironmentVariable("WAYLAND_DISPLAY"), Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR"));
}
