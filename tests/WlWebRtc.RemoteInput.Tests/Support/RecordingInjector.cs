using System.Globalization;
using WlWebRtc.Input;

namespace WlWebRtc.RemoteInput.Tests.Support;

/// <summary>An injector that records each call as text ("key 30 down", "button 272 up", "move 0.5 0.25", "axis Vertical 15 1", …).</summary>
internal class RecordingInjector : IInputInjector
{
    private readonly List<string> _calls = [];

    /// <summary>When set, a call whose text equals this throws.</summary>
    public string? FailOn { get; set; }

    /// <summary>When set, key calls complete only with this task.</summary>
    public Task? KeyGate { get; set; }

    public IReadOnlyList<string> Calls
    {
        get
        {
            lock (_calls)
            {
                return [.. _calls];
            }
        }
    }

    public void Clear()
    {
        lock (_calls)
        {
            _calls.Clear();
        }
    }

    public ValueTask MovePointerAbsoluteAsync(double x, double y, CancellationToken cancellationToken) => Record($"move {x} {y}");

    public ValueTask MovePointerRelativeAsync(double dx, double dy, CancellationToken cancellationToken) => Record($"rel {dx} {dy}");

    public ValueTask PointerButtonAsync(int button, bool pressed, CancellationToken cancellationToken) => Record($"button {button} {(pressed ? "down" : "up")}");

    public ValueTask PointerAxisAsync(PointerAxis axis, double value, int discreteSteps, CancellationToken cancellationToken) => Record($"axis {axis} {value} {discreteSteps}");

    public ValueTask KeyAsync(int key, bool pressed, CancellationToken cancellationToken)
    {
        var recorded = Record($"key {key} {(pressed ? "down" : "up")}");
        return KeyGate is { } gate ? new ValueTask(gate) : recorded;
    }

    public ValueTask ReleaseAllAsync(CancellationToken cancellationToken) => Record($"release-all");

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    protected ValueTask Record(FormattableString call)
    {
        var text = call.ToString(CultureInfo.InvariantCulture);
        if (text == FailOn)
        {
            throw new IOException("compositor gone");
        }

        lock (_calls)
        {
            _calls.Add(text);
        }

        return ValueTask.CompletedTask;
    }
}
