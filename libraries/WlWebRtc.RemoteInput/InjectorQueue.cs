using WlWebRtc.Input;
using WlWebRtc.RemoteInput.Mapping;

namespace WlWebRtc.RemoteInput;

/// <summary>One call to make on the injector.</summary>
internal readonly record struct InjectorCommand(InjectorCommandKind Kind, int Code, bool Down, double A, double B, int Steps, long ReceivedAt)
{
    /// <summary>What a key produced on the viewer (<see cref="InjectorCommandKind.KeyWithText"/>), the text to type, or the layout to set.</summary>
    public string? Text { get; init; }

    public static InjectorCommand KeyWithText(int key, bool down, string produced, long receivedAt) =>
        new(InjectorCommandKind.KeyWithText, key, down, 0, 0, 0, receivedAt) { Text = produced };

    public static InjectorCommand TypeText(string text, long receivedAt) => new(InjectorCommandKind.TypeText, 0, false, 0, 0, 0, receivedAt) { Text = text };

    public static InjectorCommand SetLayout(string layout) => new(InjectorCommandKind.SetLayout, 0, false, 0, 0, 0, 0) { Text = layout };

    public static InjectorCommand RestoreLayout() => new(InjectorCommandKind.RestoreLayout, 0, false, 0, 0, 0, 0);

    public static InjectorCommand Key(int key, bool down, long receivedAt) => new(InjectorCommandKind.Key, key, down, 0, 0, 0, receivedAt);

    public static InjectorCommand Button(int button, bool down, long receivedAt) => new(InjectorCommandKind.Button, button, down, 0, 0, 0, receivedAt);

    public static InjectorCommand TouchUp(int slot, long receivedAt) => new(InjectorCommandKind.TouchUp, slot, false, 0, 0, 0, receivedAt);
}

internal enum InjectorCommandKind
{
    MoveAbsolute,
    MoveRelative,
    Button,
    AxisVertical,
    AxisHorizontal,
    Key,
    KeyWithText,
    TypeText,
    SetLayout,
    TouchDown,
    TouchMotion,
    TouchUp,
    RestoreLayout,
}

/// <summary>
/// Runs injector calls one at a time in arrival order. The caller that finds the queue idle runs the calls itself
/// (no thread hop: an injector that writes synchronously, like the Wayland one, completes on the receiving thread);
/// a call that completes asynchronously hands the rest of the queue to its continuation.
/// </summary>
internal sealed class InjectorQueue(IInputInjector injector, TimeProvider time, Action<InjectorCommand, TimeSpan> completed, Action<Exception> failed)
{
    private readonly Queue<InjectorCommand> _pending = new();
    private readonly Lock _gate = new();
    private bool _running;

    public void Enqueue(InjectorCommand command)
    {
        lock (_gate)
        {
            _pending.Enqueue(command);
            if (_running)
            {
                return;
            }

            _running = true;
        }

        Drain();
    }

    /// <summary>Completes once every command queued so far has run.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            lock (_gate)
            {
                if (!_running && _pending.Count == 0)
                {
                    return;
                }
            }

            await Task.Delay(1, cancellationToken).ConfigureAwait(false);
        }
    }

    private void Drain()
    {
        while (true)
        {
            InjectorCommand command;
            lock (_gate)
            {
                if (!_pending.TryDequeue(out command))
                {
                    _running = false;
                    return;
                }
            }

            ValueTask call;
            try
            {
                call = Invoke(command);
            }
// Catch-all on purpose (see CONTRIBUTING.md, containment): an injector failure is counted and logged; it must not reach the transport's thread
            catch (Exception exception)
            {
                failed(exception);
                continue;
            }

            if (!call.IsCompleted)
            {
                _ = ContinueAsync(call, command);
                return;
            }

            Finish(call, command);
        }
    }

    private async Task ContinueAsync(ValueTask call, InjectorCommand command)
    {
        try
        {
            await call.ConfigureAwait(false);
            completed(command, command.ReceivedAt == 0 ? TimeSpan.Zero : time.GetElapsedTime(command.ReceivedAt));
        }
// Catch-all on purpose (see CONTRIBUTING.md, containment): see Drain
        catch (Exception exception)
        {
            failed(exception);
        }

        Drain();
    }

    private void Finish(ValueTask call, InjectorCommand command)
    {
        try
        {
            call.GetAwaiter().GetResult();
            completed(command, command.ReceivedAt == 0 ? TimeSpan.Zero : time.GetElapsedTime(command.ReceivedAt));
        }
// Catch-all on purpose (see CONTRIBUTING.md, containment): see Drain
        catch (Exception exception)
        {
            failed(exception);
        }
    }

    private ValueTask Invoke(in InjectorCommand command) => command.Kind switch
    {
        InjectorCommandKind.MoveAbsolute => injector.MovePointerAbsoluteAsync(command.A, command.B, CancellationToken.None),
        InjectorCommandKind.MoveRelative => injector.MovePointerRelativeAsync(command.A, command.B, CancellationToken.None),
        InjectorCommandKind.Button => injector.PointerButtonAsync(command.Code, command.Down, CancellationToken.None),
        InjectorCommandKind.AxisVertical => injector.PointerAxisAsync(PointerAxis.Vertical, command.A, command.Steps, CancellationToken.None),
        InjectorCommandKind.AxisHorizontal => injector.PointerAxisAsync(PointerAxis.Horizontal, command.A, command.Steps, CancellationToken.None),
        InjectorCommandKind.Key => injector.KeyAsync(command.Code, command.Down, CancellationToken.None),
        InjectorCommandKind.KeyWithText when injector is IKeyboardTextInjector text => text.KeyAsync(command.Code, command.Down, command.Text!, CancellationToken.None),
        InjectorCommandKind.KeyWithText => injector.KeyAsync(command.Code, command.Down, CancellationToken.None),
        InjectorCommandKind.TypeText when injector is IKeyboardTextInjector text => text.TypeTextAsync(command.Text!, CancellationToken.None),
        InjectorCommandKind.SetLayout when injector is IKeyboardTextInjector text && KeyboardLayoutName.TryParse(command.Text, out var layout, out var variant) =>
            text.SetKeyboardLayoutAsync(layout, variant, CancellationToken.None),
        InjectorCommandKind.RestoreLayout when injector is IKeyboardTextInjector text => text.RestoreKeyboardLayoutAsync(CancellationToken.None),
        InjectorCommandKind.TouchDown when injector is ITouchInjector touch => touch.TouchDownAsync(command.Code, command.A, command.B, CancellationToken.None),
        InjectorCommandKind.TouchMotion when injector is ITouchInjector touch => touch.TouchMotionAsync(command.Code, command.A, command.B, CancellationToken.None),
        InjectorCommandKind.TouchUp when injector is ITouchInjector touch => touch.TouchUpAsync(command.Code, CancellationToken.None),
        _ => ValueTask.CompletedTask,
    };
}
