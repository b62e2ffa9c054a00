using WlWebRtc.Media;

namespace WlWebRtc.Portal.Source;

/// <summary>Where a packed frame lies in a mapped buffer, checked against the mapping so a bad chunk never reads past it.</summary>
internal static class MappedPlane
{
    public static bool TryLayout(long mappingLength, int offset, int stride, int rowBytes, int rows, out FramePlane plane, out string error)
    {
        plane = default;
        var length = (long)stride * rows;
        if (offset < 0 || stride < rowBytes || rows <= 0)
        {
            error = $"plane at offset {offset} with stride {stride} cannot hold {rows} rows of {rowBytes} bytes";
            return false;
        }

        // the last row needs only its pixels, but the frame's bytes span whole strides: require them all
        if (offset + length > mappingLength || length > int.MaxValue - offset)
        {
            error = $"plane at offset {offset}, stride {stride}, {rows} rows ({length} bytes) does not fit the {mappingLength}-byte buffer";
            return false;
        }

        plane = new FramePlane(offset, stride, (int)length);
        error = "";
        return true;
    }
}
