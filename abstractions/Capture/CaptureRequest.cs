using WlWebRtc.Encoders;

namespace WlWebRtc.Capture;

/// <summary>What the pipeline asks of a capture source.</summary>
/// <param name="Accepts">What the selected encoder can take, so the source negotiates it (e.g. DMA-BUF only when the encoder imports it).</param>
/// <param name="MaxFrameRate">The most frames per second to deliver.</param>
public sealed record CaptureRequest(EncoderInputCapabilities Accepts, int MaxFrameRate)
{
    /// <summary>
    /// An input plugin is selected: a source that can carry input in its own session (the RemoteDesktop portal)
    /// should start it that way and offer <see cref="Input.IRemoteDesktopSessionFeature"/>, so that one permission
    /// covers capture and input.
    /// </summary>
    public bool InputRequested { get; init; }
}
