using WlWebRtc.Encoders;

namespace WlWebRtc.Capture;

/// <summary>What the pipeline asks of a capture source.</summary>
/// <param name="Accepts">What the selected encoder can take, so the source negotiates it (e.g. DMA-BUF only when the encoder imports it).</param>
/// <param name="MaxFrameRate">The most frames per second to deliver.</param>
public sealed record CaptureRequest(EncoderInputCapabilities Accepts, int MaxFrameRate)
{
    /// <summary>
    /// An input plugin is selected. A source whose session can carry input too (a RemoteDesktop portal session) may
    /// start it that way, so that an input plugin of the same assembly injects through it and one permission covers both.
    /// </summary>
    public bool InputRequested { get; init; }

    /// <summary>
    /// The output to capture at start, by the compositor's name (<c>[display] output</c>), when the desktop has
    /// several; null lets the source choose. A source that cannot choose ignores it.
    /// </summary>
    public string? OutputName { get; init; }
}
