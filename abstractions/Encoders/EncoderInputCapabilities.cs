using WlWebRtc.Media;

namespace WlWebRtc.Encoders;

/// <summary>Which input an encoder accepts.</summary>
/// <param name="Formats">Pixel formats, most preferred first.</param>
/// <param name="Memory">Memory kinds.</param>
public sealed record EncoderInputCapabilities(IReadOnlyList<PixelFormat> Formats, FrameMemoryKinds Memory)
{
    /// <summary>DRM format modifiers importable from DMA-BUF (empty: any the driver reports, or none if <see cref="Memory"/> lacks DMA-BUF).</summary>
    public IReadOnlyList<ulong> DmaBufModifiers { get; init; } = [];

    /// <summary>Whether a frame with this format and memory can be encoded.</summary>
    public bool Accepts(PixelFormat format, FrameMemoryKinds memory) => Formats.Contains(format) && (Memory & memory) == memory;
}
