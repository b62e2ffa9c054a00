using WlWebRtc.Input;

namespace WlWebRtc.Portal.Injection;

/// <summary>
/// Input through the RemoteDesktop portal: absolute motion in the cast stream's pixels, buttons and keys by evdev
/// code, wheel clicks as NotifyPointerAxisDiscrete and smooth scrolling as NotifyPointerAxis. Remembers what it pressed
/// so that <see cref="ReleaseAllAsync"/> leaves nothing stuck.
/// </summary>
internal sealed partial class PortalInputInjector(IRemoteDesktopNotifier notifier, int width, int height) : IInputInjector
{
    private readonly Lock _gate = new();
    private readonly List<int> _keys = [];
    private readonly List<int> _buttons = [];
    private int _disposed;

    public async ValueTask MovePointerAbsoluteAsync(double x, double y, CancellationToken cancellationToken)
    {
        if (notifier.Stream is not { } stream)
        {
            throw new InvalidOperationException("The RemoteDesktop session has no cast stream, so absolute motion has nothing to refer to.");
        }

        await notifier.NotifyPointerMotionAbsoluteAsync(stream, Scale(x, width), Scale(y, height), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask MovePointerRelativeAsync(double dx, double dy, CancellationToken cancellationToken) =>
        await notifier.NotifyPointerMotionAsync(dx, dy, cancellationToken).ConfigureAwait(false);

    public async ValueTask PointerButtonAsync(int button, bool pressed, CancellationToken cancellationToken)
    {
        Track(_buttons, button, pressed);
        await notifier.NotifyPointerButtonAsync(button, pressed, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask PointerAxisAsync(PointerAxis axis, double value, int discreteSteps, CancellationToken cancellationToken)
    {
        if (discreteSteps != 0)
        {
            await notifier.NotifyPointerAxisDiscreteAsync(axis == PointerAxis.Horizontal ? 1u : 0u, discreteSteps, cancellationToken).ConfigureAwait(false);
            return;
        }

        var (dx, dy) = axis == PointerAxis.Horizontal ? (value, 0.0) : (0.0, value);
        await notifier.NotifyPointerAxisAsync(dx, dy, false, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask KeyAsync(int key, bool pressed, CancellationToken cancellationToken)
    {
        Track(_keys, key, pressed);
        await notifier.NotifyKeyboardKeycodeAsync(key, pressed, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask ReleaseAllAsync(CancellationToken cancellationToken)
    {
        int[] keys;
        int[] buttons;
        lock (_gate)
        {
            keys = [.. Enumerable.Reverse(_keys)];
            buttons = [.. Enumerable.Reverse(_buttons)];
            _keys.Clear();
            _buttons.Clear();
        }

        await ReleaseHeldKeysymsAsync(cancellationToken).ConfigureAwait(false);
        foreach (var key in keys)
        {
            await notifier.NotifyKeyboardKeycodeAsync(key, false, cancellationToken).ConfigureAwait(false);
        }

        foreach (var button in buttons)
        {
            await notifier.NotifyPointerButtonAsync(button, false, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await ReleaseAllAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            await notifier.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>0..1 onto the stream's pixels (the portal takes doubles in stream coordinates).</summary>
    internal static double Scale(double normalised, int extent) =>
        double.IsFinite(normalised) ? Math.Clamp(normalised, 0, 1) * Math.Max(extent - 1, 0) : 0;

    private void Track(List<int> held, int code, bool pressed)
    {
        lock (_gate)
        {
            held.Remove(code);
            if (pressed)
            {
                held.Add(code);
            }
        }
    }
}
