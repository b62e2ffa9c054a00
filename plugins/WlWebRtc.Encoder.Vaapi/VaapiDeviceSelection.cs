using WlWebRtc.Hardware;

namespace WlWebRtc.Encoder.Vaapi;

/// <summary>Picks the render node to encode on from what the host found through libva, or says why there is none.</summary>
internal static class VaapiDeviceSelection
{
    /// <summary>The render node, or null with <paramref name="reason"/> saying exactly why VA-API cannot encode H.264 here.</summary>
    public static string? Select(HardwareInventory hardware, string configuredDevice, bool lowPower, out string reason)
    {
        ArgumentNullException.ThrowIfNull(hardware);
        if (hardware.Gpus.Count == 0)
        {
            reason = "no DRM render node in /dev/dri";
            return null;
        }

        var candidates = configuredDevice == "auto"
            ? hardware.Gpus
            : hardware.Gpus.Where(gpu => gpu.RenderNode == configuredDevice).ToList();
        if (candidates.Count == 0)
        {
            reason = $"the configured render node {configuredDevice} was not found (found: {string.Join(", ", hardware.Gpus.Select(g => g.RenderNode))})";
            return null;
        }

        var problems = new List<string>();
        foreach (var gpu in candidates)
        {
            var vaapi = gpu.Vaapi;
            if (!vaapi.Status.IsPresent)
            {
                problems.Add($"{gpu.RenderNode} ({gpu.KernelDriver}): VA-API unavailable: {vaapi.Status.Reason}");
            }
            else if (vaapi.H264EncodeEntrypoints.Count == 0)
            {
                problems.Add($"{gpu.RenderNode} ({gpu.KernelDriver}): VA-API driver {vaapi.DriverVendor ?? "unknown"} has no H.264 encode entrypoint (EncSlice or EncSliceLP)");
            }
            else if (lowPower && !vaapi.H264EncodeEntrypoints.Contains("EncSliceLP"))
            {
                problems.Add($"{gpu.RenderNode}: low-power is set but the driver offers only {string.Join(", ", vaapi.H264EncodeEntrypoints)}");
            }
            else
            {
                reason = $"{gpu.RenderNode} ({gpu.KernelDriver}, {vaapi.DriverVendor}): H.264 encode via {string.Join(", ", vaapi.H264EncodeEntrypoints)}";
                return gpu.RenderNode;
            }
        }

        reason = string.Join("; ", problems);
        return null;
    }
}
