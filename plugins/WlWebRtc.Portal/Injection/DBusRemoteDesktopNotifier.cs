using WlWebRtc.DBus;
using WlWebRtc.DBus.Portals;

namespace WlWebRtc.Portal.Injection;

/// <summary>
/// Calls org.freedesktop.portal.RemoteDesktop.Notify* for a session handle on a D-Bus connection (signatures as in the
/// portal's interface XML). Owns <paramref name="owned"/> (the session and its connection) when given.
/// </summary>
internal sealed class DBusRemoteDesktopNotifier(
    DBusConnection connection, string destination, ObjectPath session, uint? stream, TimeSpan callTimeout, IAsyncDisposable? owned) : IRemoteDesktopNotifier
{
    private const string ObjectPathName = "/org/freedesktop/portal/desktop";
    private const string Interface = "org.freedesktop.portal.RemoteDesktop";
    private static readonly Dictionary<string, DBusVariant> NoOptions = [];

    public uint? Stream => stream;

    public Task NotifyPointerMotionAbsoluteAsync(uint streamId, double x, double y, CancellationToken cancellationToken) =>
        CallAsync("NotifyPointerMotionAbsolute", "oa{sv}udd", [session, NoOptions, streamId, x, y], cancellationToken);

    public Task NotifyPointerMotionAsync(double dx, double dy, CancellationToken cancellationToken) =>
        CallAsync("NotifyPointerMotion", "oa{sv}dd", [session, NoOptions, dx, dy], cancellationToken);

    public Task NotifyPointerButtonAsync(int button, bool pressed, CancellationToken cancellationToken) =>
        CallAsync("NotifyPointerButton", "oa{sv}iu", [session, NoOptions, button, pressed ? 1u : 0u], cancellationToken);

    public Task NotifyPointerAxisAsync(double dx, double dy, bool finish, CancellationToken cancellationToken) =>
        CallAsync("NotifyPointerAxis", "oa{sv}dd", [session, new Dictionary<string, DBusVariant> { ["finish"] = new("b", finish) }, dx, dy], cancellationToken);

    public Task NotifyPointerAxisDiscreteAsync(uint axis, int steps, CancellationToken cancellationToken) =>
        CallAsync("NotifyPointerAxisDiscrete", "oa{sv}ui", [session, NoOptions, axis, steps], cancellationToken);

    public Task NotifyKeyboardKeycodeAsync(int keycode, bool pressed, CancellationToken cancellationToken) =>
        CallAsync("NotifyKeyboardKeycode", "oa{sv}iu", [session, NoOptions, keycode, pressed ? 1u : 0u], cancellationToken);

    public Task NotifyKeyboardKeysymAsync(int keysym, bool pressed, CancellationToken cancellationToken) =>
        CallAsync("NotifyKeyboardKeysym", "oa{sv}iu", [session, NoOptions, keysym, pressed ? 1u : 0u], cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (owned is not null)
        {
            await owned.DisposeAsync().ConfigureAwait(false);
        }
    }

    private Task CallAsync(string method, string signature, object[] arguments, CancellationToken cancellationToken) =>
        connection.CallMethodAsync(destination, ObjectPathName, Interface, method, signature, arguments, callTimeout, cancellationToken);
}
