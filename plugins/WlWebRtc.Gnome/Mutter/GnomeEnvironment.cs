using WlWebRtc.DBus;
using WlWebRtc.Gnome.Capture;

namespace WlWebRtc.Gnome.Mutter;

/// <summary>Where the plugins find the session bus and PipeWire; the process's environment unless a test aims them elsewhere.</summary>
/// <param name="BusAddress">The session bus address; null = DBUS_SESSION_BUS_ADDRESS (else $XDG_RUNTIME_DIR/bus).</param>
/// <param name="PipeWireSocket">The PipeWire socket Mutter publishes on; null = the default socket.</param>
internal sealed record GnomeEnvironment(string? BusAddress, string? PipeWireSocket)
{
    public static GnomeEnvironment Process { get; } = new(null, null);

    /// <summary>Variables for the programs the plugins run (gsettings) beyond the bus; null = the process's own (tests give the session's XDG directories).</summary>
    public IReadOnlyDictionary<string, string?>? ProgramEnvironment { get; init; }

    public Task<DBusConnection> ConnectAsync(DBusConnectionOptions options, CancellationToken cancellationToken) =>
        BusAddress is { } address
            ? DBusConnection.ConnectAsync(address, options, cancellationToken)
            : DBusConnection.ConnectSessionAsync(options, cancellationToken);

    public string PipeWireSocketPath => PipeWireSocket ?? PipeWireCapture.DefaultSocketPath();
}
