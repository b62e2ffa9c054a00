using System.Buffers.Binary;
using WlWebRtc.Media;

namespace WlWebRtc.Portal.Spa;

/// <summary>A video format the producer fixed (the Format param).</summary>
/// <param name="SpaFormat">The SPA_VIDEO_FORMAT_* value.</param>
/// <param name="Modifier">The DRM modifier when DMA-BUF was negotiated, else null.</param>
/// <param name="ModifierNeedsFixation">The producer left a choice of modifiers (DONT_FIXATE): the consumer must pick one.</param>
internal sealed record NegotiatedFormat(
    uint SpaFormat,
    int Width,
    int Height,
    (int Numerator, int Denominator) FrameRate,
    (int Numerator, int Denominator)? MaxFrameRate,
    ulong? Modifier,
    bool ModifierNeedsFixation)
{
    public PixelFormat PixelFormat => SpaVideoFormats.FromSpa(SpaFormat);

    /// <summary>
    /// Parses a Format object pod. Never throws: malformed input (truncated, sizes that overrun, wrong types)
    /// returns false with the reason.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> pod, out NegotiatedFormat? format, out string error)
    {
        format = null;
        if (!PodReader.TryReadPod(pod, out var type, out var body))
        {
            error = "truncated pod header";
            return false;
        }

        if (type != SpaConstants.TypeObject || body.Length < 8)
        {
            error = $"not an object pod (type {type})";
            return false;
        }

        var objectType = BinaryPrimitives.ReadUInt32LittleEndian(body);
        if (objectType != SpaConstants.ObjectFormat)
        {
            error = $"not a Format object (0x{objectType:x})";
            return false;
        }

        uint? mediaType = null, subtype = null, spaFormat = null;
        (uint, uint)? size = null, frameRate = null, maxFrameRate = null;
        ulong? modifier = null;
        var modifierChoice = false;
        var properties = body[8..];
        while (properties.Length > 0)
        {
            if (!PodReader.TryReadProperty(ref properties, out var key, out var valueType, out var value))
            {
                error = "truncated property";
                return false;
            }

            var ok = key switch
            {
                SpaConstants.FormatMediaType => PodReader.TryReadUInt32(valueType, value, SpaConstants.TypeId, out mediaType, out _),
                SpaConstants.FormatMediaSubtype => PodReader.TryReadUInt32(valueType, value, SpaConstants.TypeId, out subtype, out _),
                SpaConstants.FormatVideoFormat => PodReader.TryReadUInt32(valueType, value, SpaConstants.TypeId, out spaFormat, out _),
                SpaConstants.FormatVideoSize => PodReader.TryReadPair(valueType, value, SpaConstants.TypeRectangle, out size),
                SpaConstants.FormatVideoFramerate => PodReader.TryReadPair(valueType, value, SpaConstants.TypeFraction, out frameRate),
                SpaConstants.FormatVideoMaxFramerate => PodReader.TryReadPair(valueType, value, SpaConstants.TypeFraction, out maxFrameRate),
                SpaConstants.FormatVideoModifier => PodReader.TryReadUInt64(valueType, value, SpaConstants.TypeLong, out modifier, out modifierChoice),
                _ => true,
            };
            if (!ok)
            {
                error = $"property 0x{key:x} has an unexpected value (type {valueType})";
                return false;
            }
        }

        if (mediaType != SpaConstants.MediaTypeVideo || subtype != SpaConstants.MediaSubtypeRaw)
        {
            error = $"not raw video (media type {mediaType?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "missing"}, subtype {subtype?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "missing"})";
            return false;
        }

        if (spaFormat is null || size is null)
        {
            error = spaFormat is null ? "no video format" : "no size";
            return false;
        }

        var (width, height) = size.Value;
        if (width is 0 or > 16384 || height is 0 or > 16384)
        {
            error = $"size {width}x{height} out of range";
            return false;
        }

        format = new NegotiatedFormat(
            spaFormat.Value,
            (int)width,
            (int)height,
            ToFraction(frameRate ?? (0, 1)),
            maxFrameRate is { } max ? ToFraction(max) : null,
            modifier,
            modifierChoice);
        error = "";
        return true;
    }

    private static (int, int) ToFraction((uint Numerator, uint Denominator) value) =>
        ((int)Math.Min(value.Numerator, int.MaxValue), (int)Math.Min(value.Denominator, int.MaxValue));
}
