using Microsoft.Extensions.Logging;
using WlWebRtc.DBus;
using WlWebRtc.Gnome.Keymap;
using WlWebRtc.Gnome.Mutter;
using WlWebRtc.Input;

namespace WlWebRtc.Gnome.Input;

/// <summary>
/// Injects input through the RemoteDesktop half of the capture's linked Mutter session. Absolute motion is in the
/// stream's coordinates (its size as the session knows it now, which follows a resized virtual monitor; else the
/// captured size); touch too (NotifyTouch*, in the same stream coordinates). The first touch sequence of a new session
/// reaches no client (measured on mutter 43.8 with wev: the seat gains its touch capability at the first touch event,
/// and clients bind wl_touch only then); unlike the keyboard there is no harmless warm-up (any touch is a tap
/// somewhere), so the viewer's first tap is the warm-up. Disposal releases every key, button and finger still held;
/// the session itself belongs to the capture.
/// </summary>
internal sealed partial class MutterInputInjector : IInputInjector, ITouchInjector
{
    /// <summary>KEY_LEFTSHIFT: pressed and released once so the seat gains its keyboard before the first real key.</summary>
    internal const int WarmUpKey = 42;

    /// <summary>How long Mutter takes to add the keyboard capability after the warm-up key (measured: 200 ms suffice).</summary>
    internal static readonly TimeSpan WarmUpSettle = TimeSpan.FromMilliseconds(200);

    // NotifyPointerAxis flags (mutter's MetaRemoteDesktopNotifyAxisFlags)
    private const uint AxisFinish = 1 << 0;
    private const uint AxisSourceWheel = 1 << 1;

    private readonly MutterSession _session;
    private readonly (int Width, int Height) _size;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly HashSet<int> _keys = [];
    private readonly HashSet<int> _buttons = [];
    private readonly HashSet<int> _touches = [];
    private int _disposed;

    private MutterInputInjector(MutterSession session, (int Width, int Height) size, TimeProvider time, ILogger logger, GnomeInputSources? inputSources)
    {
        _session = session;
        _size = size;
        _time = time;
        _logger = logger;
        _inputSources = inputSources;
    }

    /// <summary>The size absolute coordinates are scaled to now.</summary>
    internal (int Width, int Height) StreamSize => _session.StreamSize is { Width: > 0, Height: > 0 } current ? current : _size;

    /// <summary>Creates the injector and warms the seat's keyboard up (the first key of a new session is otherwise lost).</summary>
    /// <param name="inputSources">GNOME Shell's input sources, which keyboard layouts set (null: the keymap stays).</param>
    public static async Task<MutterInputInjector> CreateAsync(
        MutterSession session, int targetWidth, int targetHeight, TimeProvider time, ILogger logger, CancellationToken cancellationToken, GnomeInputSources? inputSources = null)
    {
        var size = session.StreamSize ?? (targetWidth, targetHeight);
        if (size.Width <= 0 || size.Height <= 0)
        {
            throw new MutterException($"The stream's size is unknown ({size.Width}x{size.Height}): absolute pointer motion has no scale.");
        }

        var injector = new MutterInputInjector(session, size, time, logger, inputSources);
        try
        {
            await injector.KeyCoreAsync(WarmUpKey, true, cancellationToken).ConfigureAwait(false);
            await injector.KeyCoreAsync(WarmUpKey, false, cancellationToken).ConfigureAwait(false);
            await Task.Delay(WarmUpSettle, time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is DBusErrorException or TimeoutException)
        {
            Log.WarmUpFailed(logger, exception.Message);
        }

        Log.Created(logger, session.RemoteDesktopPath, size.Width, size.Height);
        return injector;
    }

    public async ValueTask MovePointerAbsoluteAsync(double x, double y, CancellationToken cancellationToken)
    {
        var (px, py) = ToStream(x, y);
        await _session.CallRemoteDesktopAsync("NotifyPointerMotionAbsolute", "sdd", [_session.StreamPath, px, py], cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask TouchDownAsync(int slot, double x, double y, CancellationToken cancellationToken)
    {
        Track(_touches, slot, true);
        var (px, py) = ToStream(x, y);
        await _session.CallRemoteDesktopAsync("NotifyTouchDown", "sudd", [_session.StreamPath, checked((uint)slot), px, py], cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask TouchMotionAsync(int slot, double x, double y, CancellationToken cancellationToken)
    {
        var (px, py) = ToStream(x, y);
        await _session.CallRemoteDesktopAsync("NotifyTouchMotion", "sudd", [_session.StreamPath, checked((uint)slot), px, py], cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask TouchUpAsync(int slot, CancellationToken cancellationToken)
    {
        Track(_touches, slot, false);
        await TouchUpCoreAsync(slot, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask MovePointerRelativeAsync(double dx, double dy, CancellationToken cancellationToken) =>
        await _session.CallRemoteDesktopAsync("NotifyPointerMotionRelative", "dd", [dx, dy], cancellationToken).ConfigureAwait(false);

    public async ValueTask PointerButtonAsync(int button, bool pressed, CancellationToken cancellationToken)
    {
        Track(_buttons, button, pressed);
        await ButtonCoreAsync(button, pressed, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask PointerAxisAsync(PointerAxis axis, double value, int discreteSteps, CancellationToken cancellationToken)
    {
        if (discreteSteps != 0)
        {
            await _session.CallRemoteDesktopAsync("NotifyPointerAxisDiscrete", "ui", [axis == PointerAxis.Vertical ? 0u : 1u, discreteSteps], cancellationToken).ConfigureAwait(false);
            return;
        }

        var (dx, dy) = axis == PointerAxis.Vertical ? (0.0, value) : (value, 0.0);
        await _session.CallRemoteDesktopAsync("NotifyPointerAxis", "ddu", [dx, dy, AxisSourceWheel | AxisFinish], cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask KeyAsync(int key, bool pressed, CancellationToken cancellationToken)
    {
        Track(_keys, key, pressed);
        await KeyCoreAsync(key, pressed, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask ReleaseAllAsync(CancellationToken cancellationToken)
    {
        int[] keys;
        int[] buttons;
        int[] touches;
        lock (_gate)
        {
            keys = [.. _keys];
            buttons = [.. _buttons];
            touches = [.. _touches];
            _keys.Clear();
            _buttons.Clear();
            _touches.Clear();
        }

        foreach (var slot in touches)
        {
            await TouchUpCoreAsync(slot, cancellationToken).ConfigureAwait(false);
        }

        await ReleaseHeldKeysymsAsync(cancellationToken).ConfigureAwait(false);
        foreach (var key in keys)
        {
            await KeyCoreAsync(key, false, cancellationToken).ConfigureAwait(false);
        }

        foreach (var button in buttons)
        {
            await ButtonCoreAsync(button, false, cancellationToken).ConfigureAwait(false);
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
        catch (Exception exception) when (exception is DBusErrorException or TimeoutException or DBusConnectionException)
        {
            // the session may already be gone (the viewer left because the capture ended): nothing is held then
            Log.ReleaseFailed(_logger, exception.Message);
        }

        await RestoreKeyboardLayoutAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private void Track(HashSet<int> held, int code, bool pressed)
    {
        lock (_gate)
        {
            _ = pressed ? held.Add(code) : held.Remove(code);
        }
    }

    /// <summary>Normalised (0..1) to stream coordinates; the far edge is the last pixel: Mutter ignores events outside the stream.</summary>
    private (double X, double Y) ToStream(double x, double y)
    {
        var size = StreamSize;
        return (Math.Clamp(x, 0, 1) * (size.Width - 1), Math.Clamp(y, 0, 1) * (size.Height - 1));
    }

    private Task TouchUpCoreAsync(int slot, CancellationToken cancellationToken) =>
        _session.CallRemoteDesktopAsync("NotifyTouchUp", "u", [checked((uint)slot)], cancellationToken);

    private Task KeyCoreAsync(int key, bool pressed, CancellationToken cancellationToken) =>
        _session.CallRemoteDesktopAsync("NotifyKeyboardKeycode", "ub", [checked((uint)key), pressed], cancellationToken);

    private Task ButtonCoreAsync(int button, bool pressed, CancellationToken cancellationToken) =>
        _session.CallRemoteDesktopAsync("NotifyPointerButton", "ib", [button, pressed], cancellationToken);

    private static partial class Log
    {
        [LoggerMessage(EventIds.InjectorCreated, LogLevel.Information, "Input through Mutter session {Session}, stream {Width}x{Height}")]
        public static partial void Created(ILogger logger, string session, int width, int height);

        [LoggerMessage(EventIds.ReleaseFailed, LogLevel.Debug, "Releasing held input failed: {Reason}")]
        public static partial void ReleaseFailed(ILogger logger, string reason);

        [LoggerMessage(EventIds.WarmUpFailed, LogLevel.Warning, "The keyboard warm-up (Shift press and release) failed: {Reason}; the first key may be lost")]
        public static partial void WarmUpFailed(ILogger logger, string reason);
    }
}
