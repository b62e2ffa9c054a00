using Microsoft.Extensions.Logging;
using WlWebRtc.Input;
using WlWebRtc.Kde.Kwin;
using WlWebRtc.Wayland;

namespace WlWebRtc.Kde.Input;

/// <summary>
/// Injects input through org_kde_kwin_fake_input on a private Wayland connection to KWin. The device is authenticated
/// first (KWin drops events before that silently). Absolute motion is in the captured output's coordinates: 0..1 maps
/// onto that output's place in KWin's global space. Every call writes its request in one write; held keys and buttons
/// are tracked so that <see cref="ReleaseAllAsync"/> and disposal (the viewer left) release them.
/// </summary>
internal sealed partial class KwinFakeInputInjector : IInputInjector, ITouchInjector
{
    /// <summary>keyboard_key arrived in version 4.</summary>
    public const uint KeyboardVersion = 4;

    /// <summary>touch_down, touch_motion, touch_up and touch_frame arrived in version 2.</summary>
    public const uint TouchVersion = 2;

    /// <summary>pointer_motion_absolute arrived in version 3.</summary>
    public const uint AbsoluteVersion = 3;

    /// <summary>What KWin adds to a wheel event per click (libinput's 15 degrees).</summary>
    public const double WheelStep = 15;

    // org_kde_kwin_fake_input requests
    private const ushort Authenticate = 0;
    private const ushort PointerMotion = 1;
    private const ushort Button = 2;
    private const ushort Axis = 3;
    private const ushort TouchDown = 4;
    private const ushort TouchMotion = 5;
    private const ushort TouchUp = 6;
    private const ushort TouchFrame = 8;
    private const ushort PointerMotionAbsolute = 9;
    private const ushort KeyboardKey = 10;

    private readonly WaylandConnection _connection;
    private readonly uint _device;
    private readonly uint _version;
    private readonly OutputArea _area;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly HashSet<int> _keys = [];
    private readonly HashSet<int> _buttons = [];
    private readonly HashSet<int> _touches = [];
    private int _keyboardWarned;
    private int _disposed;

    private KwinFakeInputInjector(WaylandConnection connection, uint device, uint version, OutputArea area, ILogger logger)
    {
        _connection = connection;
        _device = device;
        _version = version;
        _area = area;
        _logger = logger;
    }

    /// <summary>Where absolute motion lands in KWin's global space: the capture's area now when it says (a window moves, the viewer may switch), else the output found at start.</summary>
    internal OutputArea Area => Following?.Area ?? _area;

    /// <summary>The kde capture source, whose picture absolute motion follows.</summary>
    internal ICapturedArea? Following { get; set; }

    public static async Task<KwinFakeInputInjector> CreateAsync(string socketPath, int targetWidth, int targetHeight, string? outputName, TimeSpan timeout, ILogger logger, CancellationToken cancellationToken)
    {
        if (targetWidth <= 0 || targetHeight <= 0)
        {
            throw new ArgumentException($"The target size must be positive, not {targetWidth}x{targetHeight}.");
        }

        var connection = WaylandConnection.Connect(socketPath, timeout);
        try
        {
            var registry = await WaylandRegistry.CreateAsync(connection, timeout, cancellationToken).ConfigureAwait(false);
            var globals = KwinGlobals.From(socketPath, registry);
            if (globals.WhyNot(KwinGrant.FakeInput, globals.FakeInput) is { } reason)
            {
                throw new WaylandProtocolException(reason);
            }

            var outputs = registry.FindAll("wl_output").Select(g => new WaylandOutput(registry, g)).ToList();
            var version = Math.Min(globals.FakeInput!.Version, KeyboardVersion);
            var device = registry.Bind(globals.FakeInput, version);
            await connection.RoundtripAsync(timeout, cancellationToken).ConfigureAwait(false);
            var area = OutputArea.Choose(outputs, outputName, targetWidth, targetHeight);

            Span<byte> buffer = stackalloc byte[WireWriter.MaxMessageSize];
            var writer = new WireWriter(buffer);
            writer.Begin(device, Authenticate);
            writer.String("wlwebrtc");
            writer.String("Remote desktop: input from the controlling viewer");
            writer.End();
            connection.Send(writer.Written);
            await connection.RoundtripAsync(timeout, cancellationToken).ConfigureAwait(false);

            Log.Created(logger, socketPath, version, area.Name ?? "the first output", area.X, area.Y, area.Width, area.Height);
            return new KwinFakeInputInjector(connection, device, version, area, logger);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public ValueTask MovePointerAbsoluteAsync(double x, double y, CancellationToken cancellationToken)
    {
        var (gx, gy) = Area.ToGlobal(x, y);
        if (_version < AbsoluteVersion)
        {
            throw new NotSupportedException($"KWin's {KwinGrant.FakeInput} v{_version} has no absolute motion (needs v{AbsoluteVersion}).");
        }

        Send(PointerMotionAbsolute, WireWriter.ToFixed(gx), WireWriter.ToFixed(gy));
        return ValueTask.CompletedTask;
    }

    public ValueTask MovePointerRelativeAsync(double dx, double dy, CancellationToken cancellationToken)
    {
        Send(PointerMotion, WireWriter.ToFixed(dx), WireWriter.ToFixed(dy));
        return ValueTask.CompletedTask;
    }

    public ValueTask PointerButtonAsync(int button, bool pressed, CancellationToken cancellationToken)
    {
        Track(_buttons, button, pressed);
        Send(Button, button, pressed ? 1 : 0);
        return ValueTask.CompletedTask;
    }

    public ValueTask PointerAxisAsync(PointerAxis axis, double value, int discreteSteps, CancellationToken cancellationToken)
    {
        // the protocol has no discrete axis: a click is the delta a wheel click makes in KWin
        var delta = discreteSteps != 0 ? discreteSteps * WheelStep : value;
        Send(Axis, axis == PointerAxis.Vertical ? 0 : 1, WireWriter.ToFixed(delta));
        return ValueTask.CompletedTask;
    }

    public ValueTask KeyAsync(int key, bool pressed, CancellationToken cancellationToken)
    {
        if (_version < KeyboardVersion)
        {
            if (Interlocked.Exchange(ref _keyboardWarned, 1) == 0)
            {
                Log.KeyboardUnsupported(_logger, _version);
            }

            return ValueTask.CompletedTask;
        }

        Track(_keys, key, pressed);
        Send(KeyboardKey, key, pressed ? 1 : 0);
        return ValueTask.CompletedTask;
    }

    /// <summary>A finger down at (x, y) of the captured output (KWin's global coordinates, as absolute motion), then a touch frame.</summary>
    public ValueTask TouchDownAsync(int slot, double x, double y, CancellationToken cancellationToken)
    {
        RequireTouch();
        var (gx, gy) = Area.ToGlobal(x, y);
        Track(_touches, slot, pressed: true);
        SendTouch(TouchDown, slot, WireWriter.ToFixed(gx), WireWriter.ToFixed(gy));
        return ValueTask.CompletedTask;
    }

    public ValueTask TouchMotionAsync(int slot, double x, double y, CancellationToken cancellationToken)
    {
        RequireTouch();
        var (gx, gy) = Area.ToGlobal(x, y);
        SendTouch(TouchMotion, slot, WireWriter.ToFixed(gx), WireWriter.ToFixed(gy));
        return ValueTask.CompletedTask;
    }

    public ValueTask TouchUpAsync(int slot, CancellationToken cancellationToken)
    {
        RequireTouch();
        Track(_touches, slot, pressed: false);
        SendTouch(TouchUp, slot, null, null);
        return ValueTask.CompletedTask;
    }

    public ValueTask ReleaseAllAsync(CancellationToken cancellationToken)
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

        foreach (var touch in touches)
        {
            SendTouch(TouchUp, touch, null, null);
        }

        foreach (var key in keys)
        {
            Send(KeyboardKey, key, 0);
        }

        foreach (var button in buttons)
        {
            Send(Button, button, 0);
        }

        return ValueTask.CompletedTask;
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

            // the releases reach KWin before the connection closes
            await _connection.RoundtripAsync(TimeSpan.FromSeconds(2), CancellationToken.None).ConfigureAwait(false);
        }
        catch (WaylandProtocolException exception)
        {
            // KWin may be gone already (the viewer left because the session ended): nothing is held then
            Log.ReleaseFailed(_logger, exception.Message);
        }
        finally
        {
            _connection.Dispose();
        }
    }

    private void Track(HashSet<int> held, int code, bool pressed)
    {
        lock (_gate)
        {
            _ = pressed ? held.Add(code) : held.Remove(code);
        }
    }

    private void RequireTouch()
    {
        if (_version < TouchVersion)
        {
            throw new NotSupportedException($"KWin's {KwinGrant.FakeInput} v{_version} has no touch (needs v{TouchVersion}).");
        }
    }

    /// <summary>A touch request (id, and x, y unless null) and the touch_frame that ends it, in one write.</summary>
    private void SendTouch(ushort opcode, int id, int? x, int? y)
    {
        Span<byte> buffer = stackalloc byte[32];
        var writer = new WireWriter(buffer);
        writer.Begin(_device, opcode);
        writer.Int(id);
        if (x is { } fixedX && y is { } fixedY)
        {
            writer.Int(fixedX);
            writer.Int(fixedY);
        }

        writer.End();
        var length = writer.Written.Length;
        var frame = new WireWriter(buffer[length..]);
        frame.Begin(_device, TouchFrame);
        frame.End();
        _connection.Send(buffer[..(length + frame.Written.Length)]);
    }

    private void Send(ushort opcode, int first, int second)
    {
        Span<byte> buffer = stackalloc byte[16];
        var writer = new WireWriter(buffer);
        writer.Begin(_device, opcode);
        writer.Int(first);
        writer.Int(second);
        writer.End();
        _connection.Send(writer.Written);
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.InjectorCreated, LogLevel.Information, "Input through KWin's fake input at {Socket} (v{Version}), absolute motion onto {Output} at {X},{Y} {Width}x{Height}")]
        public static partial void Created(ILogger logger, string socket, uint version, string output, int x, int y, int width, int height);

        [LoggerMessage(EventIds.ReleaseFailed, LogLevel.Debug, "Releasing held input failed: {Reason}")]
        public static partial void ReleaseFailed(ILogger logger, string reason);

        [LoggerMessage(EventIds.KeyboardUnsupported, LogLevel.Warning, "KWin's fake input v{Version} has no keyboard (needs v4, KWin 5.23 or newer): keys are dropped")]
        public static partial void KeyboardUnsupported(ILogger logger, uint version);
    }
}
