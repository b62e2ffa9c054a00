using Microsoft.Extensions.Logging;
using WlWebRtc.Input.WlrVirtualInput.Keyboard;
using WlWebRtc.Input.WlrVirtualInput.Keyboard.Xkb;
using WlWebRtc.Wayland;
using WlWebRtc.Unix;

namespace WlWebRtc.Input.WlrVirtualInput.Injection;

/// <summary>
/// Injects input through zwlr_virtual_pointer_v1 and zwp_virtual_keyboard_v1 on a private Wayland connection.
/// Every call writes its requests (ending with <c>frame</c> for the pointer) in one write and returns once they are
/// in the socket; calls are serialised by a lock.
/// </summary>
internal sealed partial class WlrInputInjector : IInputInjector, IKeyboardTextInjector
{
    public const string PointerManagerInterface = "zwlr_virtual_pointer_manager_v1";
    public const string KeyboardManagerInterface = "zwp_virtual_keyboard_manager_v1";
    public const string SeatInterface = "wl_seat";
    public const string OutputInterface = "wl_output";

    // zwlr_virtual_pointer_v1 requests
    private const ushort PointerMotion = 0;
    private const ushort PointerMotionAbsolute = 1;
    private const ushort PointerButton = 2;
    private const ushort PointerAxisRequest = 3;
    private const ushort PointerFrame = 4;
    private const ushort PointerAxisSource = 5;
    private const ushort PointerAxisDiscrete = 7;
    private const ushort PointerDestroy = 8;

    // zwp_virtual_keyboard_v1 requests
    private const ushort KeyboardKeymap = 0;
    private const ushort KeyboardKey = 1;
    private const ushort KeyboardModifiers = 2;
    private const ushort KeyboardDestroy = 3;

    private const uint KeymapFormatXkbV1 = 1;
    private const uint AxisSourceWheel = 0;

    private readonly WaylandConnection _connection;
    private readonly uint _keyboard;
    private readonly PointerBinding _binding;
    private uint _pointer;
    private string? _pointerOutput;
    private readonly uint _width;
    private readonly uint _height;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly List<int> _keys = [];
    private readonly List<int> _buttons = [];
    private KeyboardModel _model;
    private int _disposed;

    private WlrInputInjector(WaylandConnection connection, uint pointer, uint keyboard, KeyboardModel model, int width, int height, string mappedTo, PointerBinding binding, ILogger logger)
    {
        _model = model;
        _connection = connection;
        _pointer = pointer;
        _binding = binding;
        _pointerOutput = binding.InitialOutput;
        _keyboard = keyboard;
        _width = (uint)width;
        _height = (uint)height;
        MappedTo = mappedTo;
        _logger = logger;
    }

    /// <summary>What absolute motion is mapped onto (an output name, or the whole layout).</summary>
    public string MappedTo { get; }

    /// <summary>The output the virtual pointer is bound to now (after the capture switched outputs), if any.</summary>
    public string? PointerOutput
    {
        get
        {
            lock (_gate)
            {
                return _pointerOutput;
            }
        }
    }

    public static async Task<WlrInputInjector> CreateAsync(WlrInjectorOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        if (options.Width <= 0 || options.Height <= 0)
        {
            throw new ArgumentException($"The target size must be positive, not {options.Width}x{options.Height}.", nameof(options));
        }

        var connection = WaylandConnection.Connect(options.SocketPath, options.Timeout);
        try
        {
            var registry = await WaylandRegistry.CreateAsync(connection, options.Timeout, cancellationToken).ConfigureAwait(false);
            var missing = MissingGlobals(registry);
            if (missing.Count > 0)
            {
                throw new WaylandProtocolException($"The compositor at {options.SocketPath} does not offer {string.Join(", ", missing)}.");
            }

            var seat = registry.Bind(registry.Find(SeatInterface)!, 1, static (_, _) => { });
            var bound = BoundOutputs.Follow(registry);
            await connection.RoundtripAsync(options.Timeout, cancellationToken).ConfigureAwait(false);
            var outputs = bound.All.ToList();

            var pointerManagerGlobal = registry.Find(PointerManagerInterface)!;
            var pointerManager = registry.Bind(pointerManagerGlobal, 2);
            var keyboardManager = registry.Bind(registry.Find(KeyboardManagerInterface)!, 1);
            var output = ChooseOutput(outputs, options.WatchedOutput?.Invoke() ?? options.OutputName);
            if (options.OutputName is not null && output?.Name != options.OutputName)
            {
                Log.OutputNotFound(logger, options.OutputName, string.Join(", ", outputs.Select(o => o.Name ?? "?")));
            }

            var pointer = connection.AllocateId();
            var keyboard = connection.AllocateId();
            Span<byte> buffer = stackalloc byte[64];
            var writer = new WireWriter(buffer);
            if (output is not null && pointerManagerGlobal.Version >= 2)
            {
                writer.Begin(pointerManager, 2); // create_virtual_pointer_with_output(seat, output, id)
                writer.Uint(seat);
                writer.Uint(output.Id);
                writer.Uint(pointer);
                writer.End();
            }
            else
            {
                writer.Begin(pointerManager, 0); // create_virtual_pointer(seat, id)
                writer.Uint(seat);
                writer.Uint(pointer);
                writer.End();
            }

            writer.Begin(keyboardManager, 0); // create_virtual_keyboard(seat, id)
            writer.Uint(seat);
            writer.Uint(keyboard);
            writer.End();
            connection.Send(writer.Written);

            var model = KeyboardModel.BuiltInUs();
            SendKeymap(connection, keyboard, model.KeymapText);

            // the initial locks (Num Lock on): the compositor's state for a new keyboard has none
            writer = new WireWriter(buffer);
            AppendModifiers(ref writer, keyboard, model.Masks);
            connection.Send(writer.Written);
            await connection.RoundtripAsync(options.Timeout, cancellationToken).ConfigureAwait(false);
            await Task.Delay(options.KeymapSettle, cancellationToken).ConfigureAwait(false);

            var mappedTo = output is not null && pointerManagerGlobal.Version >= 2 ? output.Name ?? "an unnamed output" : "the whole layout";
            Log.Created(logger, options.SocketPath, mappedTo, options.Width, options.Height);
            var binding = new PointerBinding(seat, pointerManager, pointerManagerGlobal.Version, bound, options.WatchedOutput, output is not null && pointerManagerGlobal.Version >= 2 ? output.Name : null);
            return new WlrInputInjector(connection, pointer, keyboard, model, options.Width, options.Height, mappedTo, binding, logger);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The globals this injector needs that <paramref name="registry"/> lacks.</summary>
    public static List<string> MissingGlobals(WaylandRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return [.. new[] { PointerManagerInterface, KeyboardManagerInterface, SeatInterface }.Where(name => registry.Find(name) is null)];
    }

    public ValueTask MovePointerAbsoluteAsync(double x, double y, CancellationToken cancellationToken)
    {
        var px = ToPixel(x, _width);
        var py = ToPixel(y, _height);
        Span<byte> buffer = stackalloc byte[64];
        lock (_gate)
        {
            FollowWatchedOutputLocked();
            var writer = new WireWriter(buffer);
            writer.Begin(_pointer, PointerMotionAbsolute);
            writer.Uint(Now());
            writer.Uint(px);
            writer.Uint(py);
            writer.Uint(_width);
            writer.Uint(_height);
            writer.End();
            AppendFrame(ref writer);
            Send(writer.Written);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask MovePointerRelativeAsync(double dx, double dy, CancellationToken cancellationToken)
    {
        Span<byte> buffer = stackalloc byte[64];
        lock (_gate)
        {
            var writer = new WireWriter(buffer);
            writer.Begin(_pointer, PointerMotion);
            writer.Uint(Now());
            writer.Fixed(dx);
            writer.Fixed(dy);
            writer.End();
            AppendFrame(ref writer);
            Send(writer.Written);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask PointerButtonAsync(int button, bool pressed, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            SendButton(button, pressed);
            if (pressed)
            {
                _buttons.Remove(button);
                _buttons.Add(button);
            }
            else
            {
                _buttons.Remove(button);
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask PointerAxisAsync(PointerAxis axis, double value, int discreteSteps, CancellationToken cancellationToken)
    {
        var axisCode = axis == PointerAxis.Horizontal ? 1u : 0u;
        Span<byte> buffer = stackalloc byte[96];
        lock (_gate)
        {
            var writer = new WireWriter(buffer);
            writer.Begin(_pointer, PointerAxisSource);
            writer.Uint(AxisSourceWheel);
            writer.End();
            writer.Begin(_pointer, discreteSteps != 0 ? PointerAxisDiscrete : PointerAxisRequest);
            writer.Uint(Now());
            writer.Uint(axisCode);
            writer.Fixed(value);
            if (discreteSteps != 0)
            {
                writer.Int(discreteSteps);
            }

            writer.End();
            AppendFrame(ref writer);
            Send(writer.Written);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask KeyAsync(int key, bool pressed, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            KeyLocked(key, pressed);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Sends a key at its evdev position (with the masks, when they change) and records it as held or not.</summary>
    private void KeyLocked(int key, bool pressed)
    {
        SendKey(key, pressed, _model.Apply(key, pressed));
        if (pressed)
        {
            _keys.Remove(key);
            _keys.Add(key);
        }
        else
        {
            _keys.Remove(key);
        }
    }

    public ValueTask ReleaseAllAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            ReleaseAllLocked();
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
            lock (_gate)
            {
                ReleaseAllLocked();
                Span<byte> buffer = stackalloc byte[16];
                var writer = new WireWriter(buffer);
                writer.Begin(_pointer, PointerDestroy);
                writer.End();
                writer.Begin(_keyboard, KeyboardDestroy);
                writer.End();
                Send(writer.Written);
            }

            await _connection.RoundtripAsync(TimeSpan.FromSeconds(1), CancellationToken.None).ConfigureAwait(false);
        }
        catch (WaylandProtocolException exception)
        {
            Log.CloseFailed(_logger, exception);
        }
        finally
        {
            _connection.Dispose();
            lock (_gate)
            {
                _model.Dispose();
            }
        }
    }

    /// <summary>
    /// The capture now shows another output (issue 16, several outputs): absolute motion must land there, so the
    /// virtual pointer is replaced by one bound to that output (buttons held are released first), also for an output
    /// added after the start; all outputs side by side (<see cref="Capture.IOutputSelection.AllOutputs"/>) get a pointer
    /// bound to no output (the whole layout). A name no output has (yet) keeps the old binding, said once in the log.
    /// </summary>
    private void FollowWatchedOutputLocked()
    {
        if (_binding.WatchedOutput?.Invoke() is not { } wanted || wanted == _pointerOutput || _binding.ManagerVersion < 2)
        {
            return;
        }

        // outputs added after the start are bound as the compositor announces them (BoundOutputs): a new one is found
        // here once its name has arrived
        var outputs = _binding.Outputs.All;
        var all = wanted == Capture.IOutputSelection.AllOutputs;
        WaylandOutput? output = null;
        if (!all && (output = outputs.FirstOrDefault(o => o.Name == wanted)) is null)
        {
            if (_binding.MissingLogged.Add(wanted))
            {
                Log.OutputNotFound(_logger, wanted, string.Join(", ", outputs.Select(o => o.Name ?? "?")));
            }

            return;
        }

        for (var i = _buttons.Count - 1; i >= 0; i--)
        {
            SendButton(_buttons[i], pressed: false);
        }

        _buttons.Clear();
        var pointer = _connection.AllocateId();
        Span<byte> buffer = stackalloc byte[32];
        var writer = new WireWriter(buffer);
        writer.Begin(_pointer, PointerDestroy);
        writer.End();
        if (output is null)
        {
            // all outputs side by side: the picture is the layout, as a pointer bound to no output maps motion
            writer.Begin(_binding.Manager, 0); // create_virtual_pointer(seat, id)
            writer.Uint(_binding.Seat);
            writer.Uint(pointer);
            writer.End();
        }
        else
        {
            writer.Begin(_binding.Manager, 2); // create_virtual_pointer_with_output(seat, output, id)
            writer.Uint(_binding.Seat);
            writer.Uint(output.Id);
            writer.Uint(pointer);
            writer.End();
        }

        Send(writer.Written);
        _pointer = pointer;
        _pointerOutput = wanted;
        Log.Remapped(_logger, wanted);
    }

    /// <summary>0..1 onto 0..extent-1 (1.0 is the last pixel, not one past it).</summary>
    internal static uint ToPixel(double normalised, uint extent)
    {
        if (!double.IsFinite(normalised))
        {
            normalised = 0;
        }

        var pixel = Math.Floor(Math.Clamp(normalised, 0, 1) * extent);
        return (uint)Math.Min(pixel, extent - 1);
    }

    private static WaylandOutput? ChooseOutput(List<WaylandOutput> outputs, string? name)
    {
        if (name is not null && outputs.FirstOrDefault(o => o.Name == name) is { } named)
        {
            return named;
        }

        // one output: it is the captured one
        return outputs.Count == 1 ? outputs[0] : null;
    }

    private static void SendKeymap(WaylandConnection connection, uint keyboard, string keymapText)
    {
        var text = System.Text.Encoding.UTF8.GetBytes(keymapText + "\0");
        using var keymap = CreateKeymapFile(text);
        Span<byte> buffer = stackalloc byte[16];
        var writer = new WireWriter(buffer);
        writer.Begin(keyboard, KeyboardKeymap); // keymap(format, fd, size): the fd travels as SCM_RIGHTS, not in the body
        writer.Uint(KeymapFormatXkbV1);
        writer.Uint((uint)text.Length);
        writer.End();
        connection.SendWithDescriptor(writer.Written, keymap);
    }

    private static UnixFd CreateKeymapFile(byte[] text)
    {
        try
        {
            // sealed: the compositor maps it and must be able to trust it never changes under it
            return MemoryFile.CreateSealed("wlwebrtc-keymap", text);
        }
        catch (UnixException exception)
        {
            throw new WaylandProtocolException($"Cannot create the keymap file: {exception.Message}", exception);
        }
    }

    private void ReleaseAllLocked()
    {
        ReleaseHeldSpareKeysLocked();
        for (var i = _keys.Count - 1; i >= 0; i--)
        {
            SendKey(_keys[i], pressed: false, modifiersChanged: false);
        }

        _keys.Clear();
        if (_model.ReleaseAll())
        {
            SendModifiers();
        }

        for (var i = _buttons.Count - 1; i >= 0; i--)
        {
            SendButton(_buttons[i], pressed: false);
        }

        _buttons.Clear();
    }

    private void SendKey(int key, bool pressed, bool modifiersChanged)
    {
        Span<byte> buffer = stackalloc byte[64];
        var writer = new WireWriter(buffer);
        writer.Begin(_keyboard, KeyboardKey);
        writer.Uint(Now());
        writer.Uint((uint)key);
        writer.Uint(pressed ? 1u : 0u);
        writer.End();
        if (modifiersChanged)
        {
            AppendModifiers(ref writer, _keyboard, _model.Masks);
        }

        Send(writer.Written);
    }

    private void SendModifiers()
    {
        Span<byte> buffer = stackalloc byte[32];
        var writer = new WireWriter(buffer);
        AppendModifiers(ref writer, _keyboard, _model.Masks);
        Send(writer.Written);
    }

    private static void AppendModifiers(ref WireWriter writer, uint keyboard, KeyboardMasks masks)
    {
        writer.Begin(keyboard, KeyboardModifiers);
        writer.Uint(masks.Depressed);
        writer.Uint(masks.Latched);
        writer.Uint(masks.Locked);
        writer.Uint(masks.Group);
        writer.End();
    }

    private void SendButton(int button, bool pressed)
    {
        Span<byte> buffer = stackalloc byte[64];
        var writer = new WireWriter(buffer);
        writer.Begin(_pointer, PointerButton);
        writer.Uint(Now());
        writer.Uint((uint)button);
        writer.Uint(pressed ? 1u : 0u);
        writer.End();
        AppendFrame(ref writer);
        Send(writer.Written);
    }

    private void AppendFrame(ref WireWriter writer)
    {
        writer.Begin(_pointer, PointerFrame);
        writer.End();
    }

    private void Send(ReadOnlySpan<byte> requests)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0 && _connection.Closed.IsCompleted, this);
        _connection.Send(requests);
    }

    private static uint Now() => unchecked((uint)Environment.TickCount64);

    /// <summary>What re-creating the virtual pointer on another output needs.</summary>
    private sealed record PointerBinding(uint Seat, uint Manager, uint ManagerVersion, BoundOutputs Outputs, Func<string?>? WatchedOutput, string? InitialOutput)
    {
        public HashSet<string> MissingLogged { get; } = new(StringComparer.Ordinal);
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.PointerRemapped, LogLevel.Information, "The capture shows output {Output} now: absolute motion is mapped onto it")]
        public static partial void Remapped(ILogger logger, string output);

        [LoggerMessage(EventIds.DevicesCreated, LogLevel.Information, "Virtual pointer and keyboard created on {Socket}; absolute motion mapped onto {Output} ({Width}x{Height})")]
        public static partial void Created(ILogger logger, string socket, string output, int width, int height);

        [LoggerMessage(EventIds.OutputNotFound, LogLevel.Warning, "Output {Name} not found among the compositor's outputs ({Outputs}); absolute motion is mapped onto the whole layout")]
        public static partial void OutputNotFound(ILogger logger, string name, string outputs);

        [LoggerMessage(EventIds.CloseFailed, LogLevel.Debug, "Closing the virtual input devices failed")]
        public static partial void CloseFailed(ILogger logger, Exception exception);
    }
}
