using WlWebRtc.Capture;

namespace WlWebRtc.Input;

/// <summary>Where input goes: the captured source (whose features may include a shared portal session) and its size.</summary>
/// <param name="Source">The running capture source.</param>
/// <param name="Width">Width of the captured output in pixels.</param>
/// <param name="Height">Height of the captured output in pixels.</param>
public sealed record InputTarget(ICaptureSource Source, int Width, int Height)
{
    /// <summary>The compositor's name for the captured output (e.g. HEADLESS-1), if known.</summary>
    public string? OutputName { get; init; }
}
