using WlWebRtc.Hardware;

namespace WlWebRtc.Encoder.Vaapi.Probing;

/// <summary>
/// Picks the render node to encode on: the host lists the render nodes, this plugin asks libva about each candidate
/// in turn (in the probe process, so a vendor driver that crashes cannot take the host down), or says why there is none.
/// </summary>
internal static class VaapiDeviceSelection
{
    /// <summary>The render node, or null with <paramref name="reason"/> saying exactly why VA-API cannot encode H.264 here.</summary>
    public static string? Select(IReadOnlyList<RenderNode> renderNodes, string configuredDevice, bool lowPower, Func<string, VaapiInfo> probe, out string reason)
    {
        ArgumentNullException.ThrowIfNull(renderNodes);
        ArgumentNullException.ThrowIfNull(probe);
        if (renderNodes.Count == 0)
        {
            reason = "no DRM render node in /dev/dri";
            return null;
        }

        var candidates = configuredDevice == "auto"
            ? renderNodes
            : renderNodes.Where(node => node.DevicePath == configuredDevice).ToList();
        if (candidates.Count == 0)
        {
            reason = $"the configured render node {configuredDevice} was not found (found: {string.Join(", ", renderNodes.Select(node => node.DevicePath))})";
            return null;
        }

        var problems = new List<string>();
        foreach (var node in candidates)
        {
            var vaapi = probe(node.DevicePath);
            if (!vaapi.Status.IsPresent)
            {
                problems.Add($"{node.DevicePath} ({node.KernelDriver}): VA-API unavailable: {vaapi.Status.Reason}");
            }
            else if (vaapi.H264EncodeEntrypoints.Count == 0)
            {
                problems.Add($"{node.DevicePath} ({node.KernelDriver}): VA-API driver {vaapi.DriverVendor ?? "unknown"} has no H.264 encode entrypoint (EncSlice or EncSliceLP)");
            }
            else if (lowPower && !vaapi.H264EncodeEntrypoints.Contains("EncSliceLP"))
            {
                problems.Add($"{node.DevicePath}: low-power is set but the driver offers only {string.Join(", ", vaapi.H264EncodeEntrypoints)}");
            }
            else
            {
                reason = $"{node.DevicePath} ({node.KernelDriver}, {vaapi.DriverVendor}): H.264 encode via {string.Join(", ", vaapi.H264EncodeEntrypoints)}";
                return node.DevicePath;
            }
        }

        reason = string.Join("; ", problems);
        return null;
    }
}
