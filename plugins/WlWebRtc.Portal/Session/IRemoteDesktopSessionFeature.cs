using WlWebRtc.Input;

namespace WlWebRtc.Portal.Session;

/// <summary>
/// A capture source whose portal session was started through the RemoteDesktop portal, so that the same session
/// carries input too: one permission dialog and one restore token cover both. The RemoteDesktop input plugin of this
/// assembly reaches it with <c>source.GetFeature&lt;IRemoteDesktopSessionFeature&gt;()</c>; it is internal because
/// only the two plugins of this assembly share it. The calls travel over the D-Bus connection that owns the session
/// (a portal session belongs to the connection that created it, so another connection cannot use it).
/// </summary>
internal interface IRemoteDesktopSessionFeature
{
    /// <summary>The devices the user granted.</summary>
    RemoteDesktopDevices Devices { get; }

    /// <summary>The PipeWire node id of the captured stream, which absolute motion refers to.</summary>
    uint StreamNodeId { get; }

    /// <summary>The stream's width in the compositor's logical pixels (the unit of absolute motion); 0 when the portal did not report the stream's size.</summary>
    int StreamWidth { get; }

    /// <summary>The stream's height in the compositor's logical pixels; 0 when the portal did not report it.</summary>
    int StreamHeight { get; }

    /// <summary>Completes when the session ends (closed by the compositor, the portal or the capture).</summary>
    Task Closed { get; }

    /// <summary>Moves the pointer to a position on the stream, in logical pixels.</summary>
    ValueTask NotifyPointerMotionAbsoluteAsync(double x, double y, CancellationToken cancellationToken);

    /// <summary>Moves the pointer by a delta in logical pixels.</summary>
    ValueTask NotifyPointerMotionAsync(double dx, double dy, CancellationToken cancellationToken);

    /// <summary>Presses or releases a pointer button (evdev code).</summary>
    ValueTask NotifyPointerButtonAsync(int button, bool pressed, CancellationToken cancellationToken);

    /// <summary>Smooth scrolling by a delta in pixels; <paramref name="finish"/> ends a scroll sequence.</summary>
    ValueTask NotifyPointerAxisAsync(double dx, double dy, bool finish, CancellationToken cancellationToken);

    /// <summary>Scrolling by wheel clicks.</summary>
    ValueTask NotifyPointerAxisDiscreteAsync(PointerAxis axis, int steps, CancellationToken cancellationToken);

    /// <summary>Presses or releases a key (evdev code).</summary>
    ValueTask NotifyKeyboardKeycodeAsync(int keycode, bool pressed, CancellationToken cancellationToken);

    /// <summary>Presses or releases the key the compositor finds for an X keysym.</summary>
    ValueTask NotifyKeyboardKeysymAsync(int keysym, bool pressed, CancellationToken cancellationToken);
}

/// <summary>Input devices of a RemoteDesktop portal session (the portal's own bit values).</summary>
[Flags]
internal enum RemoteDesktopDevices
{
    /// <summary>No device.</summary>
    None = 0,

    /// <summary>A keyboard.</summary>
    Keyboard = 1,

    /// <summary>A pointer.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The portal's own name for the device type.")]
    Pointer = 2,

    /// <summary>A touchscreen.</summary>
    Touchscreen = 4,
}
