namespace WlWebRtc.Input;

/// <summary>
/// Injects input into the session. Coordinates are normalised to the captured frame (0..1); keys and
/// buttons are Linux evdev codes (<c>KEY_A</c> = 30, <c>BTN_LEFT</c> = 0x110).
/// </summary>
public interface IInputInjector : IAsyncDisposable
{
    /// <summary>Moves the pointer to a position on the captured output, each coordinate in 0..1.</summary>
    ValueTask MovePointerAbsoluteAsync(double x, double y, CancellationToken cancellationToken);

    /// <summary>Moves the pointer by a delta in pixels.</summary>
    ValueTask MovePointerRelativeAsync(double dx, double dy, CancellationToken cancellationToken);

    /// <summary>Presses or releases a pointer button (evdev code).</summary>
    ValueTask PointerButtonAsync(int button, bool pressed, CancellationToken cancellationToken);

    /// <summary>Scrolls: <paramref name="value"/> in pixels; <paramref name="discreteSteps"/> in wheel clicks (0 for smooth scrolling).</summary>
    ValueTask PointerAxisAsync(PointerAxis axis, double value, int discreteSteps, CancellationToken cancellationToken);

    /// <summary>Presses or releases a key (evdev code).</summary>
    ValueTask KeyAsync(int key, bool pressed, CancellationToken cancellationToken);

    /// <summary>Releases every key and button this injector holds pressed.</summary>
    ValueTask ReleaseAllAsync(CancellationToken cancellationToken);
}

/// <summary>A scroll axis.</summary>
public enum PointerAxis
{
    /// <summary>Up/down.</summary>
    Vertical,

    /// <summary>Left/right.</summary>
    Horizontal,
}
