using WlWebRtc.DBus.Portals;
using WlWebRtc.Input;

namespace WlWebRtc.Portal.Session;

/// <summary>
/// The capture's RemoteDesktop session offered to an input plugin: the Notify* calls travel over the capture's own
/// D-Bus connection (the one that owns the session), absolute motion refers to the captured stream.
/// </summary>
internal sealed class RemoteDesktopSessionFeature(RemoteDesktopSession session, ScreenCastStreamInfo stream) : IRemoteDesktopSessionFeature
{
    public string SessionHandle => session.Handle.Value;

    public RemoteDesktopDevices Devices => (RemoteDesktopDevices)(int)session.Devices;

    public uint StreamNodeId => stream.NodeId;

    /// <summary>The size the portal reported for the stream; 0 when it reported none.</summary>
    public int StreamWidth => stream.Width ?? 0;

    public int StreamHeight => stream.Height ?? 0;

    public Task Closed => session.Closed;

    public ValueTask NotifyPointerMotionAbsoluteAsync(double x, double y, CancellationToken cancellationToken) =>
        session.Closed.IsCompleted ? Ended() : new(session.NotifyPointerMotionAbsoluteAsync(stream.NodeId, x, y, cancellationToken));

    public ValueTask NotifyPointerMotionAsync(double dx, double dy, CancellationToken cancellationToken) =>
        session.Closed.IsCompleted ? Ended() : new(session.NotifyPointerMotionAsync(dx, dy, cancellationToken));

    public ValueTask NotifyPointerButtonAsync(int button, bool pressed, CancellationToken cancellationToken) =>
        session.Closed.IsCompleted ? Ended() : new(session.NotifyPointerButtonAsync(button, pressed, cancellationToken));

    public ValueTask NotifyPointerAxisAsync(double dx, double dy, bool finish, CancellationToken cancellationToken) =>
        session.Closed.IsCompleted ? Ended() : new(session.NotifyPointerAxisAsync(dx, dy, finish, cancellationToken));

    public ValueTask NotifyPointerAxisDiscreteAsync(PointerAxis axis, int steps, CancellationToken cancellationToken) =>
        session.Closed.IsCompleted ? Ended() : new(session.NotifyPointerAxisDiscreteAsync(axis == PointerAxis.Horizontal ? 1u : 0u, steps, cancellationToken));

    public ValueTask NotifyKeyboardKeycodeAsync(int keycode, bool pressed, CancellationToken cancellationToken) =>
        session.Closed.IsCompleted ? Ended() : new(session.NotifyKeyboardKeycodeAsync(keycode, pressed, cancellationToken));

    public ValueTask NotifyKeyboardKeysymAsync(int keysym, bool pressed, CancellationToken cancellationToken) =>
        session.Closed.IsCompleted ? Ended() : new(session.NotifyKeyboardKeysymAsync(keysym, pressed, cancellationToken));

    /// <summary>After the session ended the portal would answer with an error about an unknown session; say what happened instead.</summary>
    private ValueTask Ended() => ValueTask.FromException(new InvalidOperationException(
        $"The RemoteDesktop portal session {SessionHandle} has ended ({(session.Closed.IsFaulted ? session.Closed.Exception?.InnerException?.Message : "closed by the compositor, the portal or the capture")}); input cannot be injected through it."));
}
