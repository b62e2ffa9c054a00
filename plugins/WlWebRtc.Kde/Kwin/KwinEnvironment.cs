using WlWebRtc.DBus;
using WlWebRtc.Wayland;

namespace WlWebRtc.Kde.Kwin;

/// <summary>Where the plugins find KWin's Wayland socket and the session bus; the process's environment unless a test aims them elsewhere.</summary>
/// <param name="WaylandSocket">The Wayland socket path; null = the session's WAYLAND_DISPLAY in XDG_RUNTIME_DIR.</param>
/// <param name="BusAddress">The session bus address; null = DBUS_SESSION_BUS_ADDRESS (else $XDG_RUNTIME_DIR/bus).</param>
/// <param name="PipeWireSocket">The PipeWire socket KWin publishes its casts on; null = the default socket.</param>
internal sealed record KwinEnvironment(string? WaylandSocket, string? BusAddress, string? PipeWireSocket = null)
{
    public static KwinEnvironment Process { get; } = new(null, null);

    public string PipeWireSocketPath => PipeWireSocket ?? Capture.PipeWireCapture.DefaultSocketPath();

    /// <summary>The socket path, or null with the reason; <paramref name="sessionDisplay"/> is the detected WAYLAND_DISPLAY.</summary>
    public (string? Path, string? Error) SocketPath(string? sessionDisplay) =>
        WaylandSocket is { } path
            ? (path, null)
            : WaylandSocketPath.Resolve(sessionDisplay ?? Environment.GetEnvironmentVariable("WAYLAND_DISPLAY"), Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR"));

    public Task<DBusConnection> ConnectBusAsync(DBusConnectionOptions options, CancellationToken cancellationToken) =>
        BusAddress is { } address
            ? DBusConnection.ConnectAsync(address, options, cancellationToken)
            : DBusConnection.ConnectSessionAsync(options, cancellationToken);
}
