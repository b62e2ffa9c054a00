using WlWebRtc.Input;

namespace WlWebRtc.RemoteInput.Tests.Support;

/// <summary>A recording injector with a touchscreen: "touch-down 0 0.25 0.5", "touch-motion 0 …", "touch-up 0".</summary>
internal sealed class RecordingTouchInjector : RecordingInjector, ITouchInjector
{
    public ValueTask TouchDownAsync(int slot, double x, double y, CancellationToken cancellationToken) => Record($"touch-down {slot} {x} {y}");

    public ValueTask TouchMotionAsync(int slot, double x, double y, CancellationToken cancellationToken) => Record($"touch-motion {slot} {x} {y}");

    public ValueTask TouchUpAsync(int slot, CancellationToken cancellationToken) => Record($"touch-up {slot}");
}
