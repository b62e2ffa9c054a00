namespace WlWebRtc.DBus.Portals;

/// <summary>A started RemoteDesktop session: input through Notify* calls, and the cast's streams when one was selected.</summary>
public sealed class RemoteDesktopSession : IAsyncDisposable
{
    private static readonly Dictionary<string, DBusVariant> NoOptions = [];
    private readonly DBusConnection _connection;
    private readonly PortalSession _session;
    private readonly PortalTimeouts _timeouts;

    internal RemoteDesktopSession(DBusConnection connection, PortalSession session, RemoteDesktopDeviceTypes devices, IReadOnlyList<ScreenCastStreamInfo> streams, CursorModes cursorMode, string? restoreToken, PortalTimeouts timeouts)
    {
        _connection = connection;
        _session = session;
        Devices = devices;
        Streams = streams;
        CursorMode = cursorMode;
        RestoreToken = restoreToken;
        _timeouts = timeouts;
    }

    public ObjectPath Handle => _session.Handle;

    /// <summary>The devices the user granted.</summary>
    public RemoteDesktopDeviceTypes Devices { get; }

    public IReadOnlyList<ScreenCastStreamInfo> Streams { get; }

    /// <summary>The cursor mode the cast asked for (None without a cast, or when the ScreenCast portal is too old to take one).</summary>
    public CursorModes CursorMode { get; }

    public string? RestoreToken { get; }

    public Task Closed => _session.Closed;

    public Task<UnixFdHandle> OpenPipeWireRemoteAsync(CancellationToken cancellationToken = default) =>
        ScreenCastSession.OpenPipeWireRemoteAsync(_connection, Handle, _timeouts, cancellationToken);

    /// <summary>Relative pointer motion in logical pixels.</summary>
    public Task NotifyPointerMotionAsync(double dx, double dy, CancellationToken cancellationToken = default) =>
        NotifyAsync("NotifyPointerMotion", "oa{sv}dd", [Handle, NoOptions, dx, dy], cancellationToken);

    /// <summary>Absolute pointer position within the stream <paramref name="stream"/> (its node id), in stream pixels.</summary>
    public Task NotifyPointerMotionAbsoluteAsync(uint stream, double x, double y, CancellationToken cancellationToken = default) =>
        NotifyAsync("NotifyPointerMotionAbsolute", "oa{sv}udd", [Handle, NoOptions, stream, x, y], cancellationToken);

    /// <summary>A button by evdev code (BTN_LEFT = 0x110), pressed or released.</summary>
    public Task NotifyPointerButtonAsync(int button, bool pressed, CancellationToken cancellationToken = default) =>
        NotifyAsync("NotifyPointerButton", "oa{sv}iu", [Handle, NoOptions, button, pressed ? 1u : 0u], cancellationToken);

    /// <summary>Smooth scroll in logical pixels; <paramref name="finish"/> ends a scroll sequence.</summary>
    public Task NotifyPointerAxisAsync(double dx, double dy, bool finish = false, CancellationToken cancellationToken = default) =>
        NotifyAsync("NotifyPointerAxis", "oa{sv}dd", [Handle, new Dictionary<string, DBusVariant> { ["finish"] = new("b", finish) }, dx, dy], cancellationToken);

    /// <summary>Discrete scroll steps on an axis (0 vertical, 1 horizontal).</summary>
    public Task NotifyPointerAxisDiscreteAsync(uint axis, int steps, CancellationToken cancellationToken = default) =>
        NotifyAsync("NotifyPointerAxisDiscrete", "oa{sv}ui", [Handle, NoOptions, axis, steps], cancellationToken);

    /// <summary>A key by evdev keycode, pressed or released.</summary>
    public Task NotifyKeyboardKeycodeAsync(int keycode, bool pressed, CancellationToken cancellationToken = default) =>
        NotifyAsync("NotifyKeyboardKeycode", "oa{sv}iu", [Handle, NoOptions, keycode, pressed ? 1u : 0u], cancellationToken);

    /// <summary>A key by X keysym, pressed or released.</summary>
    public Task NotifyKeyboardKeysymAsync(int keysym, bool pressed, CancellationToken cancellationToken = default) =>
        NotifyAsync("NotifyKeyboardKeysym", "oa{sv}iu", [Handle, NoOptions, keysym, pressed ? 1u : 0u], cancellationToken);

    public ValueTask DisposeAsync() => _session.DisposeAsync();

    private Task NotifyAsync(string method, string signature, object[] args, CancellationToken cancellationToken) =>
        _connection.CallMethodAsync(PortalNames.Service, PortalNames.ObjectPath, PortalNames.RemoteDesktop, method, signature, args, _timeouts.Call, cancellationToken);
}
