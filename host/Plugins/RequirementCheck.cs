using WlWebRtc.Hardware;
using WlWebRtc.Plugins;

namespace WlWebRtc.Host.Plugins;

/// <summary>Answers "unavailable, because …" from the hardware inventory before a probe is even started.</summary>
internal static class RequirementCheck
{
    public static string? FindMissing(HardwareRequirements requires, HardwareInventory hardware)
    {
        var missing = new List<string>();
        if (requires.HasFlag(HardwareRequirements.RenderNode) && hardware.Gpus.Count == 0)
        {
            missing.Add("a DRM render node (none found)");
        }

        if (requires.HasFlag(HardwareRequirements.Vaapi) && !hardware.Gpus.Any(g => g.Vaapi.CanEncodeH264))
        {
            var why = hardware.Gpus.Count == 0 ? "no DRM render node" : string.Join("; ", hardware.Gpus.Select(g => $"{g.RenderNode}: {g.Vaapi.Status.Reason}"));
            missing.Add($"VA-API H.264 encoding ({why})");
        }

        if (requires.HasFlag(HardwareRequirements.Nvenc) && !hardware.Nvidia.CanEncode)
        {
            var parts = new[] { hardware.Nvidia.Driver, hardware.Nvidia.EncodeLibrary, hardware.Nvidia.CudaLibrary }
                .Where(d => !d.IsPresent).Select(d => d.Reason);
            missing.Add($"NVENC ({string.Join("; ", parts)})");
        }

        if (requires.HasFlag(HardwareRequirements.WaylandSession) && !hardware.Session.Wayland.IsPresent)
        {
            missing.Add($"a Wayland session ({hardware.Session.Wayland.Reason})");
        }

        if (requires.HasFlag(HardwareRequirements.PipeWire) && !hardware.Session.PipeWire.IsPresent)
        {
            missing.Add($"PipeWire ({hardware.Session.PipeWire.Reason})");
        }

        return missing.Count == 0 ? null : "needs " + string.Join(", ", missing);
    }
}
