using System.Globalization;
using WlWebRtc.Portal.Injection;

namespace WlWebRtc.Input.Tests.Portal;

internal sealed class RecordingNotifier(uint? stream) : IRemoteDesktopNotifier
{
    public List<string> Calls { get; } = [];

    public bool Disposed { get; private set; }

    public uint? Stream => stream;

    public Task NotifyPointerMotionAbsoluteAsync(uint streamId, double x, double y, CancellationToken cancellationToken) => Record($"abs {streamId} {x} {y}");

    public Task NotifyPointerMotionAsync(double dx, double dy, CancellationToken cancellationToken) => Record($"rel {dx} {dy}");

    public Task NotifyPointerButtonAsync(int button, bool pressed, CancellationToken cancellationToken) => Record($"button {button} {pressed}");

    public Task NotifyPointerAxisAsync(double dx, double dy, bool finish, CancellationToken cancellationToken) => Record($"axis {dx} {dy} {finish}");

    public Task NotifyPointerAxisDiscreteAsync(uint axis, int steps, CancellationToken cancellationToken) => Record($"discrete {axis} {steps}");

    public Task NotifyKeyboardKeycodeAsync(int keycode, bool pressed, CancellationToken cancellationToken) => Record($"key {keycode} {pressed}");

    public Task NotifyKeyboardKeysymAsync(int keysym, bool pressed, CancellationToken cancellationToken) => Record($"keysym {keysym:x} {pressed}");

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        return ValueTask.CompletedTask;
    }

    private Task Record(FormattableString call)
    {
        Calls.Add(call.ToString(CultureInfo.InvariantCulture));
        return Task.CompletedTask;
    }
}
