using WlWebRtc.Hardware;

namespace WlWebRtc.Encoder.Vaapi.Probing;

/// <summary>VA-API on one render node.</summary>
/// <param name="Status">Whether libva initialised on the node.</param>
/// <param name="DriverVendor">The driver's vendor string, when initialised.</param>
/// <param name="H264EncodeEntrypoints">H.264 encode entrypoints found (EncSlice, EncSliceLP), empty if none.</param>
internal sealed record VaapiInfo(Detection Status, string? DriverVendor, IReadOnlyList<string> H264EncodeEntrypoints)
{
    /// <summary>Whether H.264 can be encoded on this node.</summary>
    public bool CanEncodeH264 => Status.IsPresent && H264EncodeEntrypoints.Count > 0;
}
