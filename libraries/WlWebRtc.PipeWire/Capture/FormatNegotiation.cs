using Microsoft.Extensions.Logging;
using WlWebRtc.Capture;
using WlWebRtc.Media;
using WlWebRtc.PipeWire;
using WlWebRtc.PipeWire.Spa;

namespace WlWebRtc.PipeWire.Capture;

/// <summary>
/// The stream's format negotiation: the formats offered from what the encoder accepts (a DMA-BUF offered with the
/// linear modifier only when a CPU encoder will read it through a mapping), the check of what PipeWire chose, and
/// the buffer and metadata parameters that answer it. Written on the PipeWire loop thread, read from any thread.
/// </summary>
internal sealed partial class FormatNegotiation(CaptureRequest request, bool mapDmaBuf, bool cursorMetadata, ILogger logger)
{
    private NegotiatedFormat? _current;
    private (uint Width, uint Height)? _requestedSize;

    /// <summary>The size asked of the producer (<see cref="RequestSize"/>), or null for any size.</summary>
    public (uint Width, uint Height)? RequestedSize => _requestedSize;

    /// <summary>From now on the offered formats ask for exactly this size.</summary>
    public void RequestSize(uint width, uint height) => _requestedSize = (width, height);

    /// <summary>The negotiated format, once there is one (null again when PipeWire clears it).</summary>
    public NegotiatedFormat? Current => Volatile.Read(ref _current);

    /// <summary>The EnumFormat parameters to connect the stream with.</summary>
    public IReadOnlyList<byte[]> OfferedFormats()
    {
        var dmaBuf = (request.Accepts.Memory & FrameMemoryKinds.DmaBuf) != 0;
        return StreamParams.EnumFormats(request.Accepts.Formats, dmaBuf, request.Accepts.DmaBufModifiers, Math.Max(1, request.MaxFrameRate), linearDmaBuf: mapDmaBuf, size: _requestedSize);
    }

    /// <summary>
    /// PipeWire's Format parameter changed: an empty pod clears the format; else the format is checked and kept, and
    /// the parameters to answer with are returned. A format the capture cannot use throws, which ends the capture.
    /// </summary>
    /// <returns>The Buffers and Meta parameters for the new format; null when the format was cleared.</returns>
    public List<byte[]>? OnFormatChanged(ReadOnlySpan<byte> pod)
    {
        if (pod.IsEmpty)
        {
            Volatile.Write(ref _current, null);
            return null;
        }

        if (!NegotiatedFormat.TryParse(pod, out var format, out var error))
        {
            throw new PipeWireException($"PipeWire negotiated a format that cannot be read: {error}");
        }

        if (format!.PixelFormat == PixelFormat.Unknown || !format.PixelFormat.IsPackedRgb())
        {
            throw new PipeWireException($"PipeWire negotiated SPA video format {format.SpaFormat}, which the capture does not handle.");
        }

        if (mapDmaBuf && format.Modifier is { } modifier && modifier != SpaConstants.ModifierLinear)
        {
            throw new PipeWireException($"PipeWire negotiated DMA-BUF with modifier 0x{modifier:x} for a CPU encoder, which can only read linear (0x0) buffers.");
        }

        Volatile.Write(ref _current, format);
        Log.FormatNegotiated(
            logger,
            format.PixelFormat,
            format.Width,
            format.Height,
            format.Modifier is { } negotiated ? $"DMA-BUF, modifier 0x{negotiated:x}{(mapDmaBuf ? ", mapped for the CPU encoder" : "")}" : "shared memory",
            format.MaxFrameRate?.Numerator ?? 0);
        List<byte[]> parameters = [StreamParams.Buffers(format.Modifier is not null), StreamParams.HeaderMeta(), StreamParams.DamageMeta()];
        if (cursorMetadata)
        {
            parameters.Add(StreamParams.CursorMeta());
        }

        return parameters;
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.PipeWireFormatNegotiated, LogLevel.Information, "Negotiated {Format} {Width}x{Height} in {Memory}, max {MaxFps} fps")]
        public static partial void FormatNegotiated(ILogger logger, PixelFormat format, int width, int height, string memory, int maxFps);
    }
}
