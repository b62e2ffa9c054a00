using Microsoft.Extensions.Logging;
using WlWebRtc.Input;
using WlWebRtc.RateLimiting;
using WlWebRtc.RemoteInput.Mapping;
using WlWebRtc.RemoteInput.Protocol;
using WlWebRtc.RemoteInput.Safety;
using WlWebRtc.RemoteInput.Stats;

namespace WlWebRtc.RemoteInput;

/// <summary>
/// The server side of the input data channel (docs/input-protocol.md): validates each viewer message, forwards input
/// from a viewer with the control role to the injector in arrival order, answers pings, and releases everything a
/// viewer holds pressed when it leaves, loses control or asks (<c>ra</c>), so that no key or button stays stuck.
/// Bad messages are dropped and counted by reason, never fatal. Safe to call from several threads.
/// </summary>
public sealed partial class InputRouter
{
    private readonly Action<string, ReadOnlyMemory<byte>> _reply;
    private readonly InputRouterOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly InjectorQueue _queue;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ViewerInput> _viewers = new(StringComparer.Ordinal);
    private readonly long[] _dropped = new long[Enum.GetValues<DropReason>().Length];
    private readonly LatencyRecorder _latency = new();
    private readonly bool _hasKeyboardText;
    private readonly bool _hasTouch;
    private long _accepted;
    private string _appliedLayout = string.Empty;
    private long _layoutAppliedAt;
    // the viewer whose reported layout is applied (keyboard_layout = "auto"); null before any and after a restore
    private string? _layoutViewer;

    public InputRouter(IInputInjector injector, Action<string, ReadOnlyMemory<byte>> reply, InputRouterOptions options, TimeProvider time, ILogger<InputRouter> logger)
    {
        ArgumentNullException.ThrowIfNull(injector);
        ArgumentNullException.ThrowIfNull(reply);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        _reply = reply;
        _options = options;
        _time = time;
        _logger = logger;
        _queue = new InjectorQueue(injector, time, OnInjected, OnInjectorFailed);
        _hasKeyboardText = injector is IKeyboardTextInjector;
        _hasTouch = injector is ITouchInjector;
        if (_hasKeyboardText && !options.FollowsViewerLayout)
        {
            _appliedLayout = options.KeyboardLayout;
            _queue.Enqueue(InjectorCommand.SetLayout(options.KeyboardLayout));
        }
    }

    /// <summary>Whether the injector has a touchscreen (<see cref="ITouchInjector"/>): touch messages reach it, else they are dropped.</summary>
    public bool HasTouch => _hasTouch;

    /// <summary>Handles one data-channel string message (UTF-8 JSON) from <paramref name="viewerId"/>.</summary>
    public void OnMessage(string viewerId, bool hasControl, ReadOnlySpan<byte> utf8Json)
    {
        ArgumentNullException.ThrowIfNull(viewerId);
        var receivedAt = _time.GetTimestamp();
        ReadOnlyMemory<byte>? answer;
        lock (_gate)
        {
            answer = Handle(viewerId, hasControl, utf8Json, receivedAt);
        }

        if (answer is { } bytes)
        {
            _reply(viewerId, bytes);
        }
    }

    /// <summary>The viewer left: release what it holds and forget it.</summary>
    public void OnViewerGone(string viewerId)
    {
        ArgumentNullException.ThrowIfNull(viewerId);
        lock (_gate)
        {
            if (_viewers.Remove(viewerId, out var viewer))
            {
                ReleaseHeld(viewer, 0);
            }

            RestoreLayoutOf(viewerId);
        }
    }

    /// <summary>The viewer lost the control role: release what it holds.</summary>
    public void OnControlLost(string viewerId)
    {
        ArgumentNullException.ThrowIfNull(viewerId);
        lock (_gate)
        {
            if (_viewers.TryGetValue(viewerId, out var viewer))
            {
                ReleaseHeld(viewer, 0);
            }

            RestoreLayoutOf(viewerId);
        }
    }

    /// <summary>Completes once every event routed so far has been handed to the injector.</summary>
    public Task FlushAsync(CancellationToken cancellationToken) => _queue.FlushAsync(cancellationToken);

    public InputRouterStats GetStats()
    {
        var dropped = new Dictionary<DropReason, long>();
        foreach (var reason in Enum.GetValues<DropReason>())
        {
            var count = Interlocked.Read(ref _dropped[(int)reason]);
            if (count > 0)
            {
                dropped[reason] = count;
            }
        }

        return new InputRouterStats(Interlocked.Read(ref _accepted), dropped, _latency.Count, _latency.Percentile(50), _latency.Percentile(95));
    }

    /// <summary>Validates and routes one message; returns what to send back (a pong, a rate-limited error) if anything.</summary>
    private ReadOnlyMemory<byte>? Handle(string viewerId, bool hasControl, ReadOnlySpan<byte> utf8Json, long receivedAt)
    {
        var viewer = ViewerFor(viewerId);
        if (!viewer.Rate.TryTake())
        {
            return Drop(viewer, viewerId, DropReason.RateLimited);
        }

        if (!InputMessageParser.TryParse(utf8Json, out var message, out var reason))
        {
            return Drop(viewer, viewerId, reason);
        }

        if (message.IsInput && !hasControl)
        {
            return Drop(viewer, viewerId, DropReason.NotControl);
        }

        if (message.IsInput)
        {
            FollowLayout(viewerId, viewer, message);
        }

        if (!Route(viewerId, viewer, message, receivedAt))
        {
            return Drop(viewer, viewerId, DropReason.Redundant);
        }

        Interlocked.Increment(ref _accepted);
        return message.Type == InputMessageType.Ping ? ServerMessages.Pong(message.Id, message.Timestamp) : null;
    }

    /// <summary>Queues the injector calls of an input message; false when it would change nothing.</summary>
    private bool Route(string viewerId, ViewerInput viewer, in InputMessage message, long receivedAt)
    {
        switch (message.Type)
        {
            case InputMessageType.PointerMove:
                _queue.Enqueue(new InjectorCommand(InjectorCommandKind.MoveAbsolute, 0, false, message.X, message.Y, 0, receivedAt));
                return true;
            case InputMessageType.PointerRelative:
                _queue.Enqueue(new InjectorCommand(InjectorCommandKind.MoveRelative, 0, false, message.X, message.Y, 0, receivedAt));
                return true;
            case InputMessageType.Wheel:
                var routed = false;
                if (message.Y != 0)
                {
                    var (value, clicks) = viewer.WheelVertical.Add(message.Y, message.DeltaMode);
                    _queue.Enqueue(new InjectorCommand(InjectorCommandKind.AxisVertical, 0, false, value, 0, clicks, receivedAt));
                    routed = true;
                }

                if (message.X != 0)
                {
                    var (value, clicks) = viewer.WheelHorizontal.Add(message.X, message.DeltaMode);
                    _queue.Enqueue(new InjectorCommand(InjectorCommandKind.AxisHorizontal, 0, false, value, 0, clicks, receivedAt));
                    routed = true;
                }

                return routed;
            case InputMessageType.PointerButton:
                if (!viewer.Pressed.ApplyButton(message.Code, message.Down) || HeldByOther(viewerId, message.Code, button: true))
                {
                    return false;
                }

                _queue.Enqueue(InjectorCommand.Button(message.Code, message.Down, receivedAt));
                return true;
            case InputMessageType.Key:
                if (!viewer.Pressed.ApplyKey(message.Code, message.Down) || HeldByOther(viewerId, message.Code, button: false))
                {
                    return false;
                }

                _queue.Enqueue(message.Text is { } produced && _hasKeyboardText
                    ? InjectorCommand.KeyWithText(message.Code, message.Down, produced, receivedAt)
                    : InjectorCommand.Key(message.Code, message.Down, receivedAt));
                return true;
            case InputMessageType.Text:
                if (_hasKeyboardText)
                {
                    _queue.Enqueue(InjectorCommand.TypeText(message.Text!, receivedAt));
                }

                return true;
            case InputMessageType.KeyboardLayout:
                return true; // recorded by FollowLayout
            case InputMessageType.TouchDown:
            case InputMessageType.TouchMotion:
            case InputMessageType.TouchUp:
                return RouteTouch(viewer, message, receivedAt);
            case InputMessageType.ReleaseAll:
                ReleaseHeld(viewer, receivedAt);
                return true;
            default:
                return true; // ping (answered by the caller), pong
        }
    }

    /// <summary>
    /// Touch: a slot goes down once, moves and goes up only while down (else the message is redundant), and is dropped
    /// when the injector has no touchscreen. Slots are the viewer's own: another viewer cannot lift its fingers.
    /// </summary>
    private bool RouteTouch(ViewerInput viewer, in InputMessage message, long receivedAt)
    {
        if (!_hasTouch)
        {
            return false;
        }

        var slot = message.Code;
        var down = (viewer.TouchSlots & (1 << slot)) != 0;
        switch (message.Type)
        {
            case InputMessageType.TouchDown when !down:
                viewer.TouchSlots |= 1 << slot;
                _queue.Enqueue(new InjectorCommand(InjectorCommandKind.TouchDown, slot, true, message.X, message.Y, 0, receivedAt));
                return true;
            case InputMessageType.TouchMotion when down:
                _queue.Enqueue(new InjectorCommand(InjectorCommandKind.TouchMotion, slot, true, message.X, message.Y, 0, receivedAt));
                return true;
            case InputMessageType.TouchUp when down:
                viewer.TouchSlots &= ~(1 << slot);
                _queue.Enqueue(InjectorCommand.TouchUp(slot, receivedAt));
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// With <c>keyboard_layout = "auto"</c>, makes the remote keymap follow the layout the controlling viewer reported
    /// (<c>kl</c>), at most once per <see cref="InputRouterOptions.LayoutChangeInterval"/>: a later change waits for the
    /// viewer's next input after that.
    /// </summary>
    private void FollowLayout(string viewerId, ViewerInput viewer, in InputMessage message)
    {
        if (message.Type == InputMessageType.KeyboardLayout)
        {
            viewer.Layout = message.Text!;
        }

        if (!_hasKeyboardText || !_options.FollowsViewerLayout || viewer.Layout.Length == 0 || viewer.Layout == _appliedLayout)
        {
            return;
        }

        var now = _time.GetTimestamp();
        if (_layoutAppliedAt != 0 && _time.GetElapsedTime(_layoutAppliedAt, now) < _options.LayoutChangeInterval)
        {
            return;
        }

        _appliedLayout = viewer.Layout;
        _layoutAppliedAt = now;
        _layoutViewer = viewerId;
        Log.LayoutFollowed(_logger, viewer.Layout);
        _queue.Enqueue(InjectorCommand.SetLayout(viewer.Layout));
    }

    /// <summary>
    /// The viewer whose layout is applied left or lost control: the injector gives the desktop's user their own layout
    /// back (<see cref="IKeyboardTextInjector.RestoreKeyboardLayoutAsync"/>), and the next controller's report applies anew.
    /// </summary>
    private void RestoreLayoutOf(string viewerId)
    {
        if (_layoutViewer != viewerId)
        {
            return;
        }

        _layoutViewer = null;
        _appliedLayout = string.Empty;
        Log.LayoutRestored(_logger, viewerId);
        _queue.Enqueue(InjectorCommand.RestoreLayout());
    }

    /// <summary>Whether another viewer holds this key or button (then the compositor already has it pressed, and must keep it so).</summary>
    private bool HeldByOther(string viewerId, int code, bool button)
    {
        foreach (var (id, other) in _viewers)
        {
            if (id != viewerId && (button ? other.Pressed.HoldsButton(code) : other.Pressed.HoldsKey(code)))
            {
                return true;
            }
        }

        return false;
    }

    private void ReleaseHeld(ViewerInput viewer, long receivedAt)
    {
        viewer.WheelVertical.Reset();
        viewer.WheelHorizontal.Reset();
        for (var slot = 0; viewer.TouchSlots != 0; slot++)
        {
            if ((viewer.TouchSlots & (1 << slot)) != 0)
            {
                viewer.TouchSlots &= ~(1 << slot);
                _queue.Enqueue(InjectorCommand.TouchUp(slot, receivedAt));
            }
        }

        var (keys, buttons) = viewer.Pressed.TakeAll();
        foreach (var key in keys)
        {
            if (!_viewers.Values.Any(v => v.Pressed.HoldsKey(key)))
            {
                _queue.Enqueue(InjectorCommand.Key(key, false, receivedAt));
            }
        }

        foreach (var button in buttons)
        {
            if (!_viewers.Values.Any(v => v.Pressed.HoldsButton(button)))
            {
                _queue.Enqueue(InjectorCommand.Button(button, false, receivedAt));
            }
        }

        if (keys.Length + buttons.Length > 0)
        {
            Log.Released(_logger, keys.Length, buttons.Length);
        }
    }

    private ViewerInput ViewerFor(string viewerId)
    {
        if (!_viewers.TryGetValue(viewerId, out var viewer))
        {
            viewer = new ViewerInput(new TokenBucket(_options.EventsPerSecond, _options.Burst, _time));
            _viewers[viewerId] = viewer;
        }

        return viewer;
    }

    /// <summary>Counts a drop; returns an error message for the viewer unless one was sent within the last interval.</summary>
    private ReadOnlyMemory<byte>? Drop(ViewerInput viewer, string viewerId, DropReason reason)
    {
        Interlocked.Increment(ref _dropped[(int)reason]);
        if (reason == DropReason.NotControl)
        {
            return null; // a viewer without control knows it (role message); no error for every event
        }

        var now = _time.GetTimestamp();
        if (viewer.LastErrorAt != 0 && _time.GetElapsedTime(viewer.LastErrorAt, now) < _options.ErrorInterval)
        {
            return null;
        }

        viewer.LastErrorAt = now;
        Log.Dropped(_logger, viewerId, reason);
        return ServerMessages.Error(reason);
    }

    private void OnInjected(InjectorCommand command, TimeSpan latency)
    {
        if (command.ReceivedAt != 0)
        {
            _latency.Record(latency);
        }
    }

    private void OnInjectorFailed(Exception exception)
    {
        Interlocked.Increment(ref _dropped[(int)DropReason.InjectorFailed]);
        Log.InjectorFailed(_logger, exception);
    }

    private sealed class ViewerInput(TokenBucket rate)
    {
        public TokenBucket Rate { get; } = rate;

        public PressedInputs Pressed { get; } = new();

        public WheelAccumulator WheelVertical { get; } = new();

        public WheelAccumulator WheelHorizontal { get; } = new();

        public long LastErrorAt { get; set; }

        /// <summary>The touch slots this viewer has down, one bit each.</summary>
        public int TouchSlots { get; set; }

        /// <summary>The keyboard layout the viewer reported (<c>kl</c>), empty when unknown.</summary>
        public string Layout { get; set; } = string.Empty;
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.MessageDropped, LogLevel.Debug, "Dropped a message from viewer {Viewer}: {Reason}")]
        public static partial void Dropped(ILogger logger, string viewer, DropReason reason);

        [LoggerMessage(EventIds.HeldInputReleased, LogLevel.Information, "Released {Keys} keys and {Buttons} buttons left pressed")]
        public static partial void Released(ILogger logger, int keys, int buttons);

        [LoggerMessage(EventIds.InjectorFailed, LogLevel.Warning, "Injecting input failed")]
        public static partial void InjectorFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventIds.LayoutFollowed, LogLevel.Information, "The remote keymap follows the controlling viewer's keyboard layout {Layout}")]
        public static partial void LayoutFollowed(ILogger logger, string layout);

        [LoggerMessage(EventIds.LayoutRestored, LogLevel.Information, "Viewer {Viewer}, whose keyboard layout the remote keymap followed, left or lost control: the desktop's own layout comes back")]
        public static partial void LayoutRestored(ILogger logger, string viewer);
    }
}
