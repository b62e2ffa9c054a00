namespace WlWebRtc.Portal.Injection;

/// <summary>The RemoteDesktop portal's Notify* methods on one started session (evdev codes; stream pixels for absolute motion).</summary>
internal interface IRemoteDesktopNotifier : IAsyncDisposable
{
    /// <summary>The PipeWire node id of the cast stream absolute motion refers to, if the session has one.</summary>
    uint? Stream { get; }

    Task NotifyPointerMotionAbsoluteAsync(uint stream, double x, double y, CancellationToken cancellationToken);

    Task NotifyPointerMotionAsync(double dx, double dy, CancellationToken cancellationToken);

    Task NotifyPointerButtonAsync(int button, bool pressed, CancellationToken cancellationToken);

    Task NotifyPointerAxisAsync(double dx, double dy, bool finish, CancellationToken cancellationToken);

    Task NotifyPointerAxisDiscreteAsync(uint axis, int steps, CancellationToken cancellationToken);

    Task NotifyKeyboardKeycodeAsync(int keycode, bool pressed, CancellationToken cancellationToken);

    /// <summary>Presses or releases the key the compositor finds for an X keysym.</summary>
    Task NotifyKeyboardKeysymAsync(int keysym, bool pressed, CancellationToken cancellationToken);
}
